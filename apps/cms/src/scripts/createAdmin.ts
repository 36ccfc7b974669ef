// `npm run create-admin -w @cica/cms`: adds an admin account from ADMIN_EMAIL and ADMIN_PASSWORD
// (the environment, not arguments, so the password stays out of the shell history and `ps`).
// DATABASE_URI and PAYLOAD_SECRET as for the CMS.
import { account } from "./adminFromEnvironment";
import { getPayload, ValidationError } from "payload";
import { configForCommands } from "../lib/configForCommands";
import { createAdmin } from "../lib/firstAdmin";

// Failure unless the end is reached: a run that stops early must not look like success.
process.exitCode = 1;
const { email, password } = account;
if (!email || !password) {
  console.error("create-admin: set ADMIN_EMAIL and ADMIN_PASSWORD in the environment.");
  process.exit(2);
}

const payload = await getPayload({ config: await configForCommands() });
let code = 0;
try {
  const existing = await payload.count({ collection: "users", where: { email: { equals: email } }, overrideAccess: true });
  if (existing.totalDocs > 0) {
    console.error(`create-admin: ${email} already has an account; change its role or password in the admin.`);
    code = 1;
  } else {
    await createAdmin(payload, { email, password });
    console.log(`create-admin: created the admin ${email}.`);
  }
} catch (error) {
  const details = error instanceof ValidationError ? error.data.errors.map((e) => e.message).join("; ") : String(error);
  console.error(`create-admin: ${details}`);
  code = 1;
}
await payload.destroy();
process.exit(code);
