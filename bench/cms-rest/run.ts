// The CMS's REST API under load, on each database engine side by side: CMS start times, then
// autocannon with 16 connections against the public reads the site and visitors make, on the
// sample content (the seed's 8 events, as `npm start` holds). Latency percentiles are nearest-rank
// over every response's time (autocannon's own summary has no p95).
//
// Usage: node --import tsx bench/cms-rest/run.ts [--engines ferretdb,ferretdb-postgresql]
//        [--connections 16] [--duration 10] [--rebuild]
// Each engine gets its own database on a free port with a throw-away data folder, so it never
// touches a running `npm start`.
import { rmSync } from "node:fs";
import autocannon from "autocannon";
import { hashFile } from "@cica/cms/start";
import { benchCms, type BenchCms } from "../lib/cms.ts";
import { enginesFrom, printSideBySide, type EngineColumn } from "../lib/engines.ts";
import { loadAverage, ms, percentile, seconds } from "../lib/stats.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const connections = option("--connections", 16);
const duration = option("--duration", 10);
if (args.includes("--rebuild")) rmSync(hashFile, { force: true });

/** What is loaded: the list of reads (a visitor-facing list, one slug, the settings) and the site's full fetch. */
const targets = [
  { label: "events list, limit=10 depth=1", path: "/api/events?limit=10&locale=en&depth=1" },
  { label: "one slug (limit=1, select[slug])", path: "/api/events?limit=1&locale=en&depth=1&select[slug]=true" },
  { label: "site settings", path: "/api/globals/site-settings" },
  {
    label: "the site's full fetch (locale=all)",
    path: "/api/events?locale=all&depth=0&where[_status][equals]=published&limit=0&pagination=false",
  },
];

/** autocannon against one path; every response's time, for nearest-rank percentiles. */
async function load(url: string): Promise<{ rps: number; times: number[]; errors: number }> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration }, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on("response", (_client, status, _bytes, responseTime) => {
      if (status === 200) times.push(responseTime);
    });
  });
  return { rps: result.requests.average, times, errors: result.errors + result.timeouts + result.non2xx };
}

async function measure(engine: string, cms: BenchCms, figures: Map<string, string>): Promise<void> {
  let t = performance.now();
  if (await cms.build()) console.log(`[cms-rest] next build (sources changed): ${seconds(performance.now() - t)}`);
  t = performance.now();
  await cms.stop(await cms.start());
  figures.set("cold start (seeds the sample content)", seconds(performance.now() - t));
  t = performance.now();
  const child = await cms.start();
  figures.set("warm start", seconds(performance.now() - t));
  for (const { label, path } of targets) {
    for (let i = 0; i < 5; i++) await (await fetch(cms.url + path)).arrayBuffer(); // warm the route
    console.log(`[cms-rest] ${engine}: ${label}, ${connections} connections for ${duration} s…`);
    const { rps, times, errors } = await load(cms.url + path);
    figures.set(`${label}: req/s`, rps.toFixed(0));
    figures.set(`${label}: p50 / p95 / p99`, `${ms(percentile(times, 50))} / ${ms(percentile(times, 95))} / ${ms(percentile(times, 99))}`);
    if (errors) figures.set(`${label}: errors`, String(errors));
  }
  await cms.stop(child);
}

const columns: EngineColumn[] = [];
for (const engine of enginesFrom(args)) {
  const column: EngineColumn = { engine, figures: new Map() };
  columns.push(column);
  let cms: BenchCms;
  try {
    cms = await benchCms({ name: "cms", engine, env: { CMS_SEED_ON_EMPTY: "true" } });
  } catch (error) {
    column.skipped = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    continue;
  }
  try {
    await measure(engine, cms, column.figures);
  } finally {
    await cms.close();
  }
}

printSideBySide(
  `CMS REST under load (${connections} connections, ${duration} s per read; Node ${process.version}; load average at the end ${loadAverage()})`,
  columns,
);
console.log("  target on ferretdb-postgresql: events list limit=10 p95 ≤ 100 ms");
