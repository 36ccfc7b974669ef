// Publish → served latency with a realistic site: seeds 1,000 events × 3
// languages into a fresh database, starts the production CMS and the site
// service (@cica/builder's main, `node --import tsx apps/builder/src/main.ts`) on free ports, then publishes 20
// title changes over REST one after another and polls the served English page
// until the new title appears. Prints p50 / p95 / max and the full-build times.
//
// Usage: node --import tsx bench/publish-to-live/run.ts [--events 1000] [--publishes 20] [--gap 2500]
// Never touches a running `npm start`: own database port, own temp folders.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BuilderStatus } from "@cica/builder";
import { freePort } from "@cica/local-db";
import { signedGet, signedJsonPost } from "@cica/schema/signature";
import { BENCH_ADMIN, BENCH_BUILD_HOOK_SECRET as SECRET, benchCms } from "../lib/cms.ts";
import { ms, percentile, seconds } from "../lib/stats.ts";
import { pageShows, sleep, waitFor } from "../lib/wait.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const events = option("--events", 1000);
const publishes = option("--publishes", 20);
// Editors publish one event at a time; bursts are coalesced on purpose (the queue spaces
// build starts 2.5 s apart while notices keep coming), which the e2e burst test covers.
const gapMs = option("--gap", 2500);
const log = (line: string) => console.log(`[bench] ${line}`);

const [builderPort, sitePort] = [await freePort(), await freePort()];
const siteUrl = `http://127.0.0.1:${sitePort}`;
const builderUrl = `http://127.0.0.1:${builderPort}`;
const cms = await benchCms({ name: "p2l", env: { SITE_URL: siteUrl, BUILD_HOOK_URL: `${builderUrl}/hooks/publish` } });
try {
  log(`database: ${cms.db.engine}; building the CMS if its sources changed…`);
  await cms.build();

  let t = performance.now();
  cms.payloadRun(fileURLToPath(new URL("./seed.ts", import.meta.url)), {
    CMS_JOBS_AUTORUN: "false",
    BENCH_EVENTS: String(events),
    NODE_ENV: "development",
  });
  log(`seeded ${events} events × 3 languages in ${seconds(performance.now() - t)}`);

  await cms.start();

  t = performance.now();
  cms.track(
    spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.resolve("@cica/builder/main"))], {
      env: { ...cms.env, DATA_DIR: cms.folder("site"), BUILDER_PORT: String(builderPort), SITE_PORT: String(sitePort), HOST: "127.0.0.1" },
      stdio: ["ignore", "ignore", "inherit"],
    }),
  );
  // The service's signed /status answer (BuilderStatus).
  const status = async () => (await (await signedGet(`${builderUrl}/status`, SECRET)).json()) as BuilderStatus;
  await waitFor("the first build", async () => (await fetch(`${siteUrl}/en/`)).status === 200, 10 * 60_000, 100);
  const first = (await status()).builds.find((b) => b.status === "success");
  if (!first) throw new Error("the site is served but no build succeeded");
  log(
    `first boot: site served after ${seconds(performance.now() - t)} (the build itself: ${seconds(first.durationMs ?? NaN)}, ${first.pagesWritten} pages)`,
  );

  // A forced full rebuild, as after a deploy or `cli.ts rebuild --force`.
  const rebuildAt = Date.now();
  await signedJsonPost(`${builderUrl}/rebuild`, { force: true, reason: "bench: full build" }, SECRET);
  const full = await waitFor(
    "the full rebuild",
    async () => (await status()).builds.find((b) => Date.parse(b.startedAt) >= rebuildAt - 5 && b.status !== "running"),
    10 * 60_000,
    100,
  );
  log(`full rebuild (forced): ${seconds(full.durationMs ?? NaN)}, ${full.pagesWritten} pages, ${full.status}`);

  const login = await fetch(`${cms.url}/api/users/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(BENCH_ADMIN),
  });
  // Payload's login answer; a missing token fails the first request below.
  const { token } = (await login.json()) as { token?: string };
  const auth = { authorization: `JWT ${token}`, "content-type": "application/json" };
  const slugs = Array.from({ length: publishes }, (_, i) => `bench-event-${String(Math.floor(events / 2) + i).padStart(4, "0")}`);
  const found = await fetch(`${cms.url}/api/events?where[slug][in]=${slugs.join(",")}&limit=${publishes}&depth=0&locale=en`, {
    headers: auth,
  });
  // Payload's list answer, depth 0.
  const { docs } = (await found.json()) as { docs: { id: string; slug: string }[] };
  const bySlug = new Map(docs.map((d) => [d.slug, d.id]));

  const latencies: number[] = [];
  for (const [i, slug] of slugs.entries()) {
    const title = `CICA Bench Seminar ${slug} — revised ${Date.now()}`;
    const started = performance.now();
    const res = await fetch(`${cms.url}/api/events/${bySlug.get(slug)}?locale=en&depth=0`, {
      method: "PATCH",
      headers: auth,
      body: JSON.stringify({ title, _status: "published" }),
    });
    if (!res.ok) throw new Error(`publish ${slug}: HTTP ${res.status} ${await res.text()}`);
    const answered = performance.now() - started;
    await pageShows(`${siteUrl}/en/events/${slug}/`, title, 60_000, 25);
    const served = performance.now() - started;
    latencies.push(served);
    log(`publish ${i + 1}/${publishes}: CMS answered in ${ms(answered)}, served after ${ms(served)}`);
    await sleep(gapMs);
  }
  const builds = (await status()).builds.filter((b) => b.kind === "build" && b.status === "success").slice(0, publishes);
  const buildMs = builds.map((b) => b.durationMs ?? NaN);
  console.log(`
publish → served (${publishes} publishes, ${events} events × 3 languages, CMS on ${cms.db.engine}):
  p50 ${ms(percentile(latencies, 50))}   p95 ${ms(percentile(latencies, 95))}   max ${ms(Math.max(...latencies))}
  build time for those publishes: p50 ${ms(percentile(buildMs, 50))}, max ${ms(Math.max(...buildMs))}
full build: first boot ${seconds(first.durationMs ?? NaN)} (${first.pagesWritten} pages), forced rebuild ${seconds(full.durationMs ?? NaN)} (${full.pagesWritten} pages)`);
} finally {
  await cms.close();
}
