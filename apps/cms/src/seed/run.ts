// `npm run seed -w @cica/cms`: fills an empty database with the sample content.
import { getPayload } from "payload";
import { configForCommands } from "../lib/configForCommands";

// The seed is imported after the config (configForCommands says why): it imports the rich-text editor.
const payload = await getPayload({ config: await configForCommands() });
const { seed } = await import("./index");
const report = await seed(payload, (line) => payload.logger.info(line));
for (const item of report.created) payload.logger.info(`created ${item}`);
await payload.destroy();
process.exit(0);
