#!/usr/bin/env -S node --import tsx
// `npm run db`: the database alone, in the foreground, until Ctrl-C.
// `--build-only` builds the FerretDB wrapper and exits (CI warms it up this way).
import { databaseEnv, ensureFerretBinary, redact, startDatabase } from "../src/index.ts";

if (process.argv.includes("--build-only")) {
  ensureFerretBinary();
  process.exit(0);
}

const db = await startDatabase();
const env = databaseEnv(db, process.env.DATABASE_NAME ?? "cica");
console.log(
  `Database engine: ${db.engine} (server ${db.capabilities.serverVersion}; transactions: ${db.capabilities.transactions ? "yes" : "no"}; $lookup: ${db.capabilities.lookup ? "yes" : "no"})`,
);
console.log(`DATABASE_URI=${redact(env.DATABASE_URI)}`);
console.log("Press Ctrl-C to stop.");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await db.stop();
    console.log("Database stopped.");
    process.exit(0);
  });
}
// Keeps the process alive while the child server runs.
setInterval(() => {}, 1 << 30);
