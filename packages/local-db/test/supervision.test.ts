// Fault drill (issue 9 item 5): the database server is killed with SIGKILL; the launcher notices,
// starts it again on the same port with the same data folder, and says so in its log.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort, startDatabase, uniqueDatabaseName, withDatabaseName, type RunningDatabase } from "../src/index.ts";
import { answers, eventually } from "./support.ts";

let dataDir: string;
let db: RunningDatabase;
const logs: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "cica-db-drill-"));
  db = await startDatabase({ port: await freePort(), dataDir, log: (line) => logs.push(line) });
});
afterAll(async () => {
  await db?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The server processes this test process started (found through /proc, as an operator's `ps` would). */
function childServers(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (name) state ppid …"; the name may hold spaces, so split after ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parent === process.pid && readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(dataDir)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Resolves once the process has ended (no longer in /proc, or a zombie waiting to be reaped). */
async function gone(pid: number): Promise<void> {
  for (;;) {
    let state = "";
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    } catch {
      return;
    }
    if (state === "Z") return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Whether `ping` answers through the URI the launcher gave, polled until it does (bounded, so a failure ends). */
const answersAgain = (uri: string) => eventually(() => answers(uri), 90_000, 250);

it.skipIf(Boolean(process.env.DATABASE_URI))("restarts the database after kill -9, on the same URI and with its data", async () => {
  const uri = withDatabaseName(db.uri, uniqueDatabaseName("drill"));
  const before = new MongoClient(uri);
  await before.db().collection("events").insertOne({ slug: "written-before-the-kill", title: "Still here" });
  await before.close();

  const [server, ...others] = childServers();
  expect(server).toBeTypeOf("number");
  expect(others).toEqual([]);
  process.kill(Number(server), "SIGKILL");
  await gone(Number(server));

  expect(await answersAgain(db.uri)).toBe(true);
  const after = new MongoClient(uri);
  try {
    expect(await after.db().collection("events").findOne({ slug: "written-before-the-kill" })).toMatchObject({ title: "Still here" });
  } finally {
    await after.close();
  }
  expect(childServers()).not.toContain(server);
  expect(logs.join("\n")).toMatch(/exited.*SIGKILL.*restart/i);
});
