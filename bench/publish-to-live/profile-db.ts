// Starts a FerretDB on a fixed port and data folder for profile.ts (kept between runs, so the
// seeded database is profiled again and again); prints the database environment as JSON and runs
// until SIGTERM.
//   PORT=27999 DIR=/tmp/prof/db node --import tsx bench/publish-to-live/profile-db.ts
import { databaseEnv, startDatabase } from "@cica/local-db";

const db = await startDatabase({ port: Number(process.env.PORT ?? 27999), dataDir: process.env.DIR ?? "/tmp/prof/db", log: () => {} });
console.log(JSON.stringify(databaseEnv(db, "prof")));
process.on("SIGTERM", async () => {
  await db.stop();
  process.exit(0);
});
// Keeps the process (and so the database) alive until SIGTERM.
setInterval(() => {}, 1 << 30);
