// `npm run seed -w @cica/cms` — `payload run` loads the config and this file.
import { getPayload } from "payload";
import config from "../payload.config";
import { seed } from "./index";

const payload = await getPayload({ config });
const report = await seed(payload, (line) => payload.logger.info(line));
for (const item of report.created) payload.logger.info(`created ${item}`);
await payload.destroy();
process.exit(0);
