#!/usr/bin/env node
// The database killed under a running production CMS (issue 9 item 5). Starts the launcher's
// supervised database and `next start` on free ports, signs in, then kills the database server
// with SIGKILL and keeps its port taken for --outage seconds (so the launcher's restarts fail
// meanwhile), while a signed-in client asks GET /api/users/me every --every ms. Prints the time
// from the kill to the first 503, the slowest answer during the outage, what a publish got, and
// the time from releasing the port until the CMS answered 200 again (launcher restart + reconnect,
// the same CMS process). Goal: first 503 within 2 s.
//
//   node --import tsx bench/database-down/run.ts [--outage 10] [--every 100]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { ChildProcess } from "node:child_process";
import { databaseEnv, freePort, startDatabase, type RunningDatabase } from "@cica/local-db";
import { holdPort, killDatabase } from "@cica/local-db/drill";
import { ensureBuild, serve, waitForCms } from "@cica/cms/start";

const { values } = parseArgs({ options: { outage: { type: "string", default: "10" }, every: { type: "string", default: "100" } } });
const outageMs = Number(values.outage) * 1000;
const everyMs = Number(values.every);
const ADMIN = { email: "bench@cica.local", password: "Bench-only-passw0rd!" };
const folders = ["db", "cms"].map((name) => mkdtempSync(join(tmpdir(), `cica-bench-dbdown-${name}-`)));
let db: RunningDatabase | undefined;
let cms: ChildProcess | undefined;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => console.log(`[bench] ${line}`);

try {
  const dbPort = await freePort();
  db = await startDatabase({ port: dbPort, dataDir: folders[0], log: (line) => log(`launcher: ${line}`) });
  const cmsPort = await freePort();
  const cmsUrl = `http://127.0.0.1:${cmsPort}`;
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...databaseEnv(db, "bench-dbdown"),
    DATA_DIR: folders[1],
    CMS_URL: cmsUrl,
    PAYLOAD_SECRET: "bench-only-payload-secret-0123456789abcdef",
    BUILD_HOOK_SECRET: "bench-only-build-hook-secret-0123456789abcdef",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    CMS_SEED_ON_EMPTY: "true",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  log(`database: ${db.engine}; building the CMS if its sources changed…`);
  await ensureBuild({ env, log: () => {} });
  cms = serve({ port: cmsPort, env });
  await waitForCms(cmsUrl, cms);
  const login = (await (
    await fetch(`${cmsUrl}/api/users/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ADMIN),
    })
  ).json()) as { token: string };
  const auth = { authorization: `JWT ${login.token}`, "content-type": "application/json" };
  const events = (await (await fetch(`${cmsUrl}/api/events?limit=1&depth=0`, { headers: auth })).json()) as { docs: { id: string }[] };
  const eventId = events.docs[0]?.id;

  // A signed-in client asking every `everyMs`; each answer is recorded with when it was sent and answered.
  const answers: { sent: number; answered: number; status: number }[] = [];
  let probing = true;
  const probes: Promise<void>[] = [];
  const probe = async () => {
    const sent = performance.now();
    const status = await fetch(`${cmsUrl}/api/users/me`, { headers: auth }).then(
      async (res) => (await res.arrayBuffer(), res.status),
      () => 0,
    );
    answers.push({ sent, answered: performance.now(), status });
  };
  const loop = (async () => {
    while (probing) {
      probes.push(probe());
      await sleep(everyMs);
    }
  })();
  await sleep(1000);

  const killedAt = performance.now();
  await killDatabase(dbPort);
  const held = await holdPort(dbPort);
  log(`database killed; its port is held for ${outageMs / 1000} s`);
  const publishSent = performance.now();
  const publish = eventId
    ? await fetch(`${cmsUrl}/api/events/${eventId}?locale=en&depth=0`, {
        method: "PATCH",
        headers: auth,
        body: JSON.stringify({ _status: "published" }),
      })
    : undefined;
  const publishMs = performance.now() - publishSent;
  const publishBody = publish ? ((await publish.json()) as { errors?: { message: string }[] }) : undefined;
  await sleep(Math.max(0, outageMs - (performance.now() - killedAt)));
  const releasedAt = performance.now();
  await held.release();
  log("port released; waiting for the launcher's restart and the CMS to answer 200");
  let backAt = 0;
  while (!backAt) {
    const ok = answers.find((a) => a.sent >= releasedAt && a.status === 200);
    if (ok) backAt = ok.answered;
    else await sleep(50);
  }
  probing = false;
  await loop;
  await Promise.all(probes);

  const during = answers.filter((a) => a.sent >= killedAt && a.sent < releasedAt);
  const first503 = answers.filter((a) => a.status === 503 && a.sent >= killedAt).sort((a, b) => a.answered - b.answered)[0];
  const statuses = new Map<number, number>();
  for (const a of during) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
  const slowest = Math.max(...during.map((a) => a.answered - a.sent));
  console.log(`
database down (CMS on ${db.engine}, GET /api/users/me signed in, every ${everyMs} ms):
  time from kill -9 to the first 503:  ${first503 ? `${Math.round(first503.answered - killedAt)} ms` : "no 503 seen"}   (goal ≤ 2000 ms)
  answers during the outage:           ${[...statuses].map(([status, n]) => `${n} × ${status}`).join(", ")}
  slowest answer during the outage:    ${Math.round(slowest)} ms
  a publish during the outage:         ${publish ? `${publish.status} in ${Math.round(publishMs)} ms, Retry-After ${publish.headers.get("retry-after")}: ${publishBody?.errors?.[0]?.message ?? ""}` : "(no event)"}
  from port release to 200 again:      ${Math.round(backAt - releasedAt)} ms (launcher restart + reconnect, same CMS process)`);
} finally {
  if (cms && cms.exitCode === null) {
    cms.kill("SIGTERM");
    await new Promise((resolve) => cms!.once("exit", resolve));
  }
  await db?.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
