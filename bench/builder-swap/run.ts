// Notice → new page served, through the real build service and static server,
// with the small JSON build function the tests use (not Eleventy, not the CMS:
// bench/publish-to-live measures that). It isolates what the service itself
// adds: signature check, queueing, build folder, validation and drop gate,
// atomic swap, and the static server seeing the swap.
//
//   node --import tsx bench/builder-swap/run.ts [--events 300] [--notices 20] [--gap 2500]
//   node --import tsx bench/builder-swap/run.ts --real [--events 100]   the same through the real Eleventy build
//     (@cica/site buildSite() from a generated snapshot in memory, no CMS)
//
// --gap is the pause between one page being served and the next notice. Notices
// closer together than the queue's quiet period (300 ms), or less than its least
// interval between build starts (2.5 s) after the last build started, wait for it
// on purpose (coalescing), so the run with --gap 0 shows that cost separately.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startSiteService, type BuildFunction } from "@cica/builder";
import { events, jsonSiteBuild, writeContent, type JsonContent } from "@cica/builder/testing";
import { locales } from "@cica/schema";
import { signedJsonPost } from "@cica/schema/signature";
import { loadAverage, ms, percentile } from "../lib/stats.ts";
import { pageShows, sleep, waitFor } from "../lib/wait.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "300" },
    notices: { type: "string", default: "20" },
    gap: { type: "string", default: "" },
    real: { type: "boolean", default: false },
  },
});
const eventCount = Number(values.events);
const noticeCount = Number(values.notices);
const gaps = values.gap === "" ? [2500, 0] : [Number(values.gap)];
const secret = "bench-secret";
/** One decimal: the service's own share is a few milliseconds. */
const ms1 = (value: number) => ms(value, 1);

const root = await mkdtemp(join(tmpdir(), "cica-bench-builder-swap-"));
const contentDir = join(root, "content");
await writeContent(contentDir, { events: events(eventCount, "Run 0") });
const buildDurations: number[] = [];
/** the build function alone (writing the pages) */
const buildFunctionMs: number[] = [];
const fixtureBuild = values.real ? await realSiteBuild() : jsonSiteBuild({ contentDir });

/**
 * @cica/site's buildSite() on a generated snapshot whose second event's titles carry the run number.
 * Imported only for --real, so that the JSON runs do not load Eleventy into the service's process.
 */
async function realSiteBuild(): Promise<BuildFunction> {
  const { buildSite } = await import("@cica/site");
  const { generatedSnapshot, MEDIA_DIR: mediaDir } = await import("@cica/site/testing");
  const now = new Date();
  const base = generatedSnapshot(eventCount, now);
  return async ({ outputDir }) => {
    // The content file is the one writeContent() above wrote.
    const content = JSON.parse(await readFile(join(contentDir, "content.json"), "utf8")) as JsonContent;
    const run = (content.events[0]?.title.en ?? "").replace(/ \d+$/, "");
    const snapshot = structuredClone(base);
    // events[1]: events[0] is one of the generator's English-only events.
    const event = snapshot.events[1];
    if (!event) throw new Error("--real needs at least 2 events");
    for (const { code } of locales) event.title[code] = `${run})`;
    const result = await buildSite({ snapshot, mediaDir, outputDir, siteUrl: "http://localhost:8080", now });
    return { pagesWritten: result.pagesWritten, errors: result.errors };
  };
}
const service = await startSiteService({
  dataDir: join(root, "data"),
  secret,
  builderPort: 0,
  sitePort: 0,
  host: "127.0.0.1",
  build: async (input) => {
    const started = performance.now();
    try {
      return await fixtureBuild(input);
    } finally {
      buildFunctionMs.push(performance.now() - started);
    }
  },
  log: () => {},
});
service.builder.on("build", (record) => record.status === "success" && buildDurations.push(record.durationMs ?? NaN));
await service.builder.idle();
await waitFor("the first build to go live", () => service.builder.store.liveBuildId(), 10 * 60_000, 20);

const page = values.real
  ? `${service.siteUrl}/ru/events/${(await import("@cica/site/testing")).generatedSnapshot(eventCount).events[1]?.slug}/`
  : `${service.siteUrl}/ru/events/event-1/`;
let version = 0;

async function run(gapMs: number) {
  const latencies: number[] = [];
  const overheads: number[] = [];
  for (let i = 0; i < noticeCount; i++) {
    version += 1;
    const marker = `Run ${version})`;
    await writeContent(contentDir, { events: events(eventCount, `Run ${version}`) });
    const body = {
      collection: "events",
      id: "event-1",
      operation: "publish",
      locales: locales.map((l) => l.code),
      time: new Date().toISOString(),
    };
    const started = performance.now();
    const response = await signedJsonPost(`${service.builderUrl}/hooks/publish`, body, secret);
    if (response.status !== 202) throw new Error(`notice refused: ${response.status} ${await response.text()}`);
    await pageShows(page, marker, 30_000, 2);
    latencies.push(performance.now() - started);
    overheads.push(performance.now() - started - (buildFunctionMs.at(-1) ?? NaN));
    await service.builder.idle();
    if (gapMs) await sleep(gapMs);
  }
  return { latencies, overheads };
}

const pages = values.real ? ((await service.builder.liveRecord())?.htmlPages ?? NaN) : eventCount * 3 + 6;
console.log(
  `builder-swap${values.real ? " (real Eleventy build)" : ""}: ${eventCount} events × 3 locales (${pages} HTML pages per build), ${noticeCount} notices per run, node ${process.version}`,
);
for (const gap of gaps) {
  const { latencies, overheads } = await run(gap);
  console.log(
    `  gap ${String(gap).padStart(4)} ms between publishes: notice→served p50 ${ms1(percentile(latencies, 50))}, p95 ${ms1(percentile(latencies, 95))}, max ${ms1(Math.max(...latencies))}` +
      ` — of which the service, without the build function: p50 ${ms1(percentile(overheads, 50))}, p95 ${ms1(percentile(overheads, 95))}`,
  );
}
console.log(
  `  build function alone (writing ${pages} pages): p50 ${ms1(percentile(buildFunctionMs, 50))}, p95 ${ms1(percentile(buildFunctionMs, 95))}`,
);
console.log(
  `  whole build record (build + page walk + drop gate + swap + prune): p50 ${ms1(percentile(buildDurations, 50))}, p95 ${ms1(percentile(buildDurations, 95))}`,
);
console.log(`  (load average at the end: ${loadAverage()})`);
await service.stop();
await rm(root, { recursive: true, force: true });
