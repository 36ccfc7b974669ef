#!/usr/bin/env node
// Publish → served latency with a realistic site: seeds 1,000 events × 3
// languages into a fresh database, starts the production CMS and the site
// service (`node --import tsx apps/builder/src/main.ts`) on free ports, then publishes 20
// title changes over REST one after another and polls the served English page
// until the new title appears. Prints p50 / p95 / max and the full-build times.
//
// Usage: node bench/publish-to-live/run.mjs [--events 1000] [--publishes 20] [--gap 500]
// Never touches a running `npm start`: own database port, own temp folders.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { databaseEnv, freePort, repoRoot, startDatabase } from "@cica/local-db";
import { signedGet, signedJsonPost } from "@cica/schema/signature";
import { ensureBuild, serve, waitForCms } from "../../apps/cms/scripts/start.ts";

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const events = option("--events", 1000);
const publishes = option("--publishes", 20);
// Editors publish one event at a time; bursts are coalesced on purpose (the queue spaces
// build starts 2.5 s apart while notices keep coming), which the e2e burst test covers.
const gapMs = option("--gap", 2500);
const here = fileURLToPath(new URL(".", import.meta.url));
const SECRET = "bench-only-build-hook-secret-0123456789abcdef";
const ADMIN = { email: "bench@cica.local", password: "Bench-only-passw0rd!" };

const folders = [mkdtempSync(join(tmpdir(), "cica-bench-p2l-db-")), mkdtempSync(join(tmpdir(), "cica-bench-p2l-cms-")), mkdtempSync(join(tmpdir(), "cica-bench-p2l-site-"))];
const children = [];
let db;
const log = (line) => console.log(`[bench] ${line}`);
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function waitFor(what, check, timeoutMs, everyMs = 25) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch {
      // not yet
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}`);
}

try {
  db = await startDatabase({ port: await freePort(), dataDir: folders[0], log: () => {} });
  const [cmsPort, builderPort, sitePort] = [await freePort(), await freePort(), await freePort()];
  const cmsUrl = `http://127.0.0.1:${cmsPort}`;
  const siteUrl = `http://127.0.0.1:${sitePort}`;
  const builderUrl = `http://127.0.0.1:${builderPort}`;
  const env = {
    ...process.env,
    ...databaseEnv(db, "bench"),
    DATA_DIR: folders[1],
    CMS_URL: cmsUrl,
    SITE_URL: siteUrl,
    PAYLOAD_SECRET: "bench-only-payload-secret-0123456789abcdef",
    BUILD_HOOK_SECRET: SECRET,
    BUILD_HOOK_URL: `${builderUrl}/hooks/publish`,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    NEXT_TELEMETRY_DISABLED: "1",
  };

  log(`database: ${db.engine}; building the CMS if its sources changed…`);
  await ensureBuild({ env, log: () => {} });

  let t = performance.now();
  const seeded = spawnSync(process.execPath, [join(repoRoot, "node_modules/payload/bin.js"), "run", join(here, "seed.ts")], {
    cwd: join(repoRoot, "apps/cms"),
    env: { ...env, CMS_JOBS_AUTORUN: "false", BENCH_EVENTS: String(events), NODE_ENV: "development" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (seeded.status !== 0) throw new Error(`seeding failed (${seeded.status})`);
  log(`seeded ${events} events × 3 languages in ${seconds(performance.now() - t)}`);

  const cms = serve({ port: cmsPort, env });
  children.push(cms);
  await waitForCms(cmsUrl, cms);

  t = performance.now();
  const site = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "apps/builder/src/main.ts")], {
    env: { ...env, DATA_DIR: folders[2], BUILDER_PORT: String(builderPort), SITE_PORT: String(sitePort), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(site);
  const status = async () => (await signedGet(`${builderUrl}/status`, SECRET)).json();
  await waitFor("the first build", async () => (await fetch(`${siteUrl}/en/`)).status === 200, 10 * 60_000, 100);
  const first = (await status()).builds.find((b) => b.status === "success");
  log(`first boot: site served after ${seconds(performance.now() - t)} (the build itself: ${seconds(first.durationMs)}, ${first.pagesWritten} pages)`);

  // A forced full rebuild, as after a deploy or `cli.ts rebuild --force`.
  const rebuildAt = Date.now();
  await signedJsonPost(`${builderUrl}/rebuild`, { force: true, reason: "bench: full build" }, SECRET);
  const full = await waitFor(
    "the full rebuild",
    async () => (await status()).builds.find((b) => Date.parse(b.startedAt) >= rebuildAt - 5 && b.status !== "running"),
    10 * 60_000,
    100,
  );
  log(`full rebuild (forced): ${seconds(full.durationMs)}, ${full.pagesWritten} pages, ${full.status}`);

  const login = await (await fetch(`${cmsUrl}/api/users/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ADMIN) })).json();
  const auth = { authorization: `JWT ${login.token}`, "content-type": "application/json" };
  const slugs = Array.from({ length: publishes }, (_, i) => `bench-event-${String(Math.floor(events / 2) + i).padStart(4, "0")}`);
  const found = await (await fetch(`${cmsUrl}/api/events?where[slug][in]=${slugs.join(",")}&limit=${publishes}&depth=0&locale=en`, { headers: auth })).json();
  const bySlug = new Map(found.docs.map((d) => [d.slug, d.id]));

  const latencies = [];
  for (const [i, slug] of slugs.entries()) {
    const title = `CICA Bench Seminar ${slug} — revised ${Date.now()}`;
    const started = performance.now();
    const res = await fetch(`${cmsUrl}/api/events/${bySlug.get(slug)}?locale=en&depth=0`, { method: "PATCH", headers: auth, body: JSON.stringify({ title, _status: "published" }) });
    if (!res.ok) throw new Error(`publish ${slug}: HTTP ${res.status} ${await res.text()}`);
    const answered = performance.now() - started;
    await waitFor(`${slug} served`, async () => (await (await fetch(`${siteUrl}/en/events/${slug}/`)).text()).includes(title), 60_000);
    const ms = performance.now() - started;
    latencies.push(ms);
    log(`publish ${i + 1}/${publishes}: CMS answered in ${Math.round(answered)} ms, served after ${Math.round(ms)} ms`);
    await sleep(gapMs);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const builds = (await status()).builds.filter((b) => b.kind === "build" && b.status === "success").slice(0, publishes);
  const buildMs = builds.map((b) => b.durationMs).sort((a, b) => a - b);
  console.log(`
publish → served (${publishes} publishes, ${events} events × 3 languages, CMS on ${db.engine}):
  p50 ${Math.round(percentile(sorted, 50))} ms   p95 ${Math.round(percentile(sorted, 95))} ms   max ${Math.round(sorted.at(-1))} ms
  build time for those publishes: p50 ${percentile(buildMs, 50)} ms, max ${buildMs.at(-1)} ms
full build: first boot ${seconds(first.durationMs)} (${first.pagesWritten} pages), forced rebuild ${seconds(full.durationMs)} (${full.pagesWritten} pages)`);
} finally {
  for (const child of children.reverse()) {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => {
        child.once("exit", r);
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      });
    }
  }
  await db?.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
