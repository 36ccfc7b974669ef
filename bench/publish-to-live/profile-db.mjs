#!/usr/bin/env node
// Starts a FerretDB on a fixed port/data dir for profiling (kept between runs).
import { startDatabase, databaseEnv } from "@cica/local-db";
const db = await startDatabase({ port: Number(process.env.PORT ?? 27999), dataDir: process.env.DIR ?? "/tmp/prof/db", log: () => {} });
console.log(JSON.stringify(databaseEnv(db, "prof")));
process.on("SIGTERM", async () => { await db.stop(); process.exit(0); });
setInterval(() => {}, 1 << 30);
