#!/usr/bin/env node
// CMS start times and the REST latency of a locale=all list of 100 events.
// Usage: node bench/cms-rest/run.mjs [--rebuild] [--requests 30]
// Starts its own database (the launcher's engine) on a free port with a
// throw-away data folder, so it never touches a running `npm start`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databaseEnv, freePort, startDatabase } from "@cica/local-db";
import { ensureBuild, hashFile, serve, waitForCms } from "../../apps/cms/scripts/start.ts";

const args = process.argv.slice(2);
const requests = Number(args[args.indexOf("--requests") + 1]) || 30;
if (args.includes("--rebuild")) rmSync(hashFile, { force: true });

const dataDir = mkdtempSync(join(tmpdir(), "cica-bench-cms-"));
const db = await startDatabase({ port: await freePort(), dataDir, log: () => {} });
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const env = {
  ...process.env,
  ...databaseEnv(db, "bench"),
  DATA_DIR: dataDir,
  CMS_URL: url,
  PAYLOAD_SECRET: "bench-only-payload-secret-0123456789abcdef",
  BUILD_HOOK_SECRET: "bench-only-build-hook-secret-0123456789abcdef",
  CMS_SEED_ON_EMPTY: "true",
  ADMIN_EMAIL: "bench@cica.local",
  ADMIN_PASSWORD: "Bench-only-passw0rd!",
};
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const figures = [];

try {
  let t = performance.now();
  const built = await ensureBuild({ env, log: () => {} });
  if (built) figures.push(["next build (sources changed)", seconds(performance.now() - t)]);

  async function start(label) {
    const t0 = performance.now();
    const child = serve({ port, env });
    await waitForCms(url, child);
    figures.push([label, seconds(performance.now() - t0)]);
    return child;
  }
  const stop = (child) => new Promise((r) => (child.once("exit", r), child.kill("SIGTERM")));

  let cms = await start("cold start: empty database, first request, seeding");
  await stop(cms);
  cms = await start("warm start: seeded database, build reused");
  t = performance.now();
  const admin = await fetch(`${url}/admin/login`);
  figures.push([`first admin page (/admin/login → ${admin.status})`, seconds(performance.now() - t)]);

  const login = await (await fetch(`${url}/api/users/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }) })).json();
  const auth = { Authorization: `JWT ${login.token}`, "content-type": "application/json" };
  const existing = (await (await fetch(`${url}/api/events?limit=0&depth=0`)).json()).totalDocs;
  for (let i = existing; i < 100; i++) {
    const body = {
      title: `Benchmark seminar ${i}`, slug: `benchmark-seminar-${i}`, summary: "A seminar used to measure list latency.",
      status: "scheduled", startsAt: new Date(Date.UTC(2030, 0, 1 + i, 4)).toISOString(), startsAt_tz: "Asia/Almaty",
      attendance: "online", targetAudience: [{ text: "Diplomats;" }, { text: "Researchers." }], objectives: [{ text: "Measure." }],
      contacts: [{ name: "Bench", phones: ["+7 7172 61 64 90"], emails: ["bench@s-cica.org"] }], themes: ["economic"], _status: "published",
    };
    const res = await fetch(`${url}/api/events?locale=en`, { method: "POST", headers: auth, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`creating event ${i}: ${res.status} ${await res.text()}`);
  }

  const path = "/api/events?locale=all&depth=0&where[_status][equals]=published&limit=100&page=1";
  const times = [];
  let size = 0;
  let count = 0;
  for (let i = 0; i < requests + 3; i++) {
    const t1 = performance.now();
    const res = await fetch(url + path);
    const text = await res.text();
    const elapsed = performance.now() - t1;
    if (i >= 3) times.push(elapsed); // the first requests warm the route
    size = text.length;
    count = JSON.parse(text).docs.length;
  }
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  figures.push([`GET ${path} (${count} events, ${(size / 1024).toFixed(0)} KiB)`, `median ${pct(50).toFixed(0)} ms, p95 ${pct(95).toFixed(0)} ms, min ${times[0].toFixed(0)} ms over ${requests} requests`]);
  await stop(cms);
} finally {
  await db.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

console.log(`CMS figures (database engine: ${db.engine}, Node ${process.version})`);
for (const [label, value] of figures) console.log(`  ${label}: ${value}`);
