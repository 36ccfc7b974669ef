#!/usr/bin/env node
// A burst of publishes (issue 9 item 4: "each change produces one notice"). Starts an `npm start`-like
// stack on free ports — the launcher's database, the production CMS (seeded on its first start, the
// jobs queue running in-process as under `npm start`) and the build service as a child process — then
// sends --publishes title changes --gap ms apart without waiting for the answers (so saves overlap,
// as when several editors publish at once), waits until the CMS's notice queue is empty and the build
// service idle, and prints: publishes answered 200, changes stored, notices the build service received
// (acted on / refused as duplicates of a change already received), and builds run.
//
//   node --import tsx bench/publish-burst/run.ts [--publishes 50] [--gap 200]
//
// Never touches a running `npm start`: own ports, own temporary folders.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { MongoClient } from "mongodb";
import { databaseEnv, freePort, startDatabase, type RunningDatabase } from "@cica/local-db";
import { signedGet } from "@cica/schema/signature";
import { ensureBuild, serve, waitForCms } from "@cica/cms/start";

const { values } = parseArgs({ options: { publishes: { type: "string", default: "50" }, gap: { type: "string", default: "200" } } });
const publishes = Number(values.publishes);
const gapMs = Number(values.gap);
const SECRET = "bench-only-build-hook-secret-0123456789abcdef";
const ADMIN = { email: "bench@cica.local", password: "Bench-only-passw0rd!" };

const folders = ["db", "cms", "site"].map((name) => mkdtempSync(join(tmpdir(), `cica-bench-burst-${name}-`)));
const children: ChildProcess[] = [];
let db: RunningDatabase | undefined;
const log = (line: string) => console.log(`[bench] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, check: () => Promise<T | false | undefined>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch {
      // not yet
    }
    if (interrupted) break;
    await sleep(everyMs);
  }
  throw new Error(interrupted ? `interrupted while waiting for ${what}` : `timed out waiting for ${what}`);
}

// Ctrl-C still stops what the bench started (the finally block below).
let interrupted = false;
process.once("SIGINT", () => (interrupted = true));
process.once("SIGTERM", () => (interrupted = true));

try {
  db = await startDatabase({ port: await freePort(), dataDir: folders[0], log: () => {} });
  const [cmsPort, builderPort, sitePort] = [await freePort(), await freePort(), await freePort()];
  const cmsUrl = `http://127.0.0.1:${cmsPort}`;
  const siteUrl = `http://127.0.0.1:${sitePort}`;
  const builderUrl = `http://127.0.0.1:${builderPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...databaseEnv(db, "bench-burst"),
    DATA_DIR: folders[1],
    CMS_URL: cmsUrl,
    SITE_URL: siteUrl,
    PAYLOAD_SECRET: "bench-only-payload-secret-0123456789abcdef",
    BUILD_HOOK_SECRET: SECRET,
    BUILD_HOOK_URL: `${builderUrl}/hooks/publish`,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    CMS_SEED_ON_EMPTY: "true",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  log(`database: ${db.engine}; building the CMS if its sources changed…`);
  await ensureBuild({ env, log: () => {} });
  const cms = serve({ port: cmsPort, env });
  children.push(cms);
  await waitForCms(cmsUrl, cms);

  const site = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.resolve("@cica/builder/main"))], {
    env: { ...env, DATA_DIR: folders[2], BUILDER_PORT: String(builderPort), SITE_PORT: String(sitePort), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(site);
  let builderLog = "";
  site.stdout?.on("data", (chunk: Buffer) => (builderLog += chunk));
  await waitFor("the first build", async () => (await fetch(`${siteUrl}/en/`)).status === 200, 10 * 60_000);
  const status = async () =>
    (await (await signedGet(`${builderUrl}/status`, SECRET)).json()) as { queue: { running: unknown; waiting: unknown } };
  await waitFor(
    "the build service to be idle",
    async () => {
      const { queue } = await status();
      return !queue.running && !queue.waiting;
    },
    10 * 60_000,
  );
  const count = (pattern: RegExp) => builderLog.split("\n").filter((line) => pattern.test(line)).length;
  const before = { notices: count(/notice: .* → /), duplicates: count(/is a duplicate of change/), builds: count(/ started for /) };

  const login = (await (
    await fetch(`${cmsUrl}/api/users/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ADMIN),
    })
  ).json()) as { token: string };
  const auth = { authorization: `JWT ${login.token}`, "content-type": "application/json" };
  const found = (await (
    await fetch(`${cmsUrl}/api/events?where[_status][equals]=published&limit=100&depth=0&locale=en`, { headers: auth })
  ).json()) as { docs: { id: string }[] };
  const ids = found.docs.map((doc) => doc.id);
  log(`${ids.length} published events; ${publishes} publishes ${gapMs} ms apart…`);

  const started = Date.now();
  const answers: Promise<number>[] = [];
  for (let i = 0; i < publishes; i++) {
    const id = ids[i % ids.length];
    answers.push(
      fetch(`${cmsUrl}/api/events/${id}?locale=en&depth=0`, {
        method: "PATCH",
        headers: auth,
        body: JSON.stringify({ summary: `Burst change ${i + 1} of ${publishes} at ${new Date().toISOString()}.`, _status: "published" }),
      }).then(
        async (res) => (await res.arrayBuffer(), res.status),
        () => 0,
      ),
    );
    await sleep(gapMs);
  }
  const statuses = await Promise.all(answers);
  const saved = Date.now() - started;
  // Drained: no notice job left to send (read in the database: the jobs collection has no REST
  // access), and the build service has nothing running or waiting.
  const client = new MongoClient(env.DATABASE_URI!);
  try {
    const jobs = client.db().collection("payload-jobs");
    await waitFor(
      "the notice queue to drain and the build service to be idle",
      async () => {
        const pending = await jobs.countDocuments({
          taskSlug: "notifySiteBuild",
          completedAt: { $exists: false },
          hasError: { $ne: true },
        });
        const { queue } = await status();
        return pending === 0 && !queue.running && !queue.waiting;
      },
      15 * 60_000,
      1000,
    );
  } finally {
    await client.close();
  }
  const notices = count(/notice: .* → /) - before.notices;
  const duplicates = count(/is a duplicate of change/) - before.duplicates;
  const builds = count(/ started for /) - before.builds;
  const replays = count(/rejected notice .*\(409\)/);
  const ok = statuses.filter((s) => s === 200).length;
  const other = statuses.filter((s) => s !== 200).map(String);
  console.log(`
publish burst: ${publishes} publishes ${gapMs} ms apart (CMS on ${db.engine}), all answered after ${(saved / 1000).toFixed(1)} s
  answered 200:            ${ok}${other.length ? `   other: ${other.join(", ")}` : ""}
  notices acted on:        ${notices}   (one per stored change is the goal: ${ok})
  duplicates refused:      ${duplicates}   (the same change delivered again, new signature: answered 200 "duplicate", no build)
  replays refused:         ${replays}   (the same signed notice sent again within its second: 409, no build)
  builds run:              ${builds}`);
} finally {
  for (const child of children.reverse()) {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  }
  await db?.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
