// Publish → served with the real build (@cica/site buildSite through the build
// service), at 1,000 events × 3 locales by default, with no CMS: a small local
// HTTP server imitates the CMS REST endpoints the site uses (paged lists with
// locale=all&depth=0, an event by id, the settings global) over a generated
// snapshot. Each publish changes one event's title in all three locales, sends
// the signed notice, and polls the Russian page until the new title is served.
//
//   node --import tsx bench/site-build/partial.ts [--events 1000] [--publishes 20] [--gap 2500]
//
// Prints the first (full) build, notice→served p50/p95, the partial builds'
// durations and where their time goes.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createSiteBuild, startSiteService } from "@cica/builder";
import { locales } from "@cica/schema";
import { signedJsonPost } from "@cica/schema/signature";
import { fakeCms, generatedSnapshot } from "@cica/site/testing";
import { loadAverage, ms, percentile } from "../lib/stats.ts";
import { pageShows, sleep } from "../lib/wait.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "1000" },
    publishes: { type: "string", default: "20" },
    // Publishes closer than the queue's least interval between build starts (2.5 s) wait for it on purpose.
    gap: { type: "string", default: "2500" },
  },
});
const eventCount = Number(values.events);
const publishes = Number(values.publishes);
const gapMs = Number(values.gap);
const secret = "bench-secret-0123456789abcdef0123456789";
const localeCodes = locales.map((l) => l.code);

const snapshot = generatedSnapshot(eventCount, new Date());
const cms = await fakeCms(snapshot);
const root = await mkdtemp(join(tmpdir(), "cica-bench-partial-"));
/** Phase timings in ms, as the site build logs them (`partial build {"fetch":…}`). */
type Timings = Record<string, number>;
const buildLogs: { mode: string; reason?: string; timings?: Timings }[] = [];
const log = (line: string) => {
  const match = line.match(/^(full|partial) build(?: \((.*)\))?(?: (\{.*\}))?$/);
  // The timings are the site build's own JSON log line.
  if (match?.[1]) buildLogs.push({ mode: match[1], reason: match[2], timings: match[3] ? (JSON.parse(match[3]) as Timings) : undefined });
};
const siteUrl = "http://localhost:8080";
const started = performance.now();
const service = await startSiteService({
  dataDir: join(root, "data"),
  secret,
  builderPort: 0,
  sitePort: 0,
  host: "127.0.0.1",
  cmsUrl: cms.url,
  siteUrl,
  reporter: async () => {},
  build: createSiteBuild({ cmsUrl: cms.url, siteUrl, log }),
  log,
});
while (!(await service.builder.store.liveBuildId())) {
  await service.builder.idle();
  await sleep(50);
}
const first = await service.builder.liveRecord();
const firstMs = performance.now() - started;

const latencies: number[] = [];
const builds: number[] = [];
const modes: string[] = [];
for (let i = 0; i < publishes; i++) {
  // Events from the middle of the list: forthcoming ones, on the home page and in the calendars.
  const event = snapshot.events[Math.floor(eventCount / 2) + i * 7];
  if (!event) throw new Error(`--events ${eventCount} is too few for ${publishes} publishes (event ${Math.floor(eventCount / 2) + i * 7})`);
  const marker = `(edit ${i + 1})`;
  for (const locale of localeCodes) {
    const title = event.title[locale];
    if (title) event.title[locale] = `${title.replace(/ \(edit \d+\)$/, "")} ${marker}`;
  }
  event.updatedAt = new Date().toISOString();
  event.revision = (event.revision ?? 0) + 1;
  const body = { collection: "events", id: event.id, operation: "publish", locales: localeCodes, time: new Date().toISOString() };
  const t0 = performance.now();
  const response = await signedJsonPost(`${service.builderUrl}/hooks/publish`, body, secret);
  if (response.status !== 202) throw new Error(`notice refused: ${response.status} ${await response.text()}`);
  await pageShows(`${service.siteUrl}/${event.title.ru ? "ru" : "en"}/events/${event.slug}/`, marker, 60_000, 5);
  latencies.push(performance.now() - t0);
  await service.builder.idle();
  const record = await service.builder.liveRecord();
  builds.push(record?.durationMs ?? NaN);
  modes.push(record?.mode ?? "?");
  if (gapMs) await sleep(gapMs);
}

const partialTimings = buildLogs.flatMap((b) => (b.mode === "partial" && b.timings ? [b.timings] : []));
const phase = (name: string) =>
  percentile(
    partialTimings.map((t) => t[name] ?? 0),
    50,
  );
const modeCounts = new Map<string, number>();
for (const mode of modes) modeCounts.set(mode, (modeCounts.get(mode) ?? 0) + 1);

console.log(
  `partial builds: ${eventCount} events × 3 locales (${first?.htmlPages} HTML pages), ${publishes} single-event publishes, ${gapMs} ms apart, node ${process.version}`,
);
console.log(
  `  first build (full, from the stand-in CMS, cold caches): ${ms(first?.durationMs ?? NaN)} (service up to live: ${ms(firstMs)})`,
);
console.log(
  `  notice→served: p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, max ${ms(Math.max(...latencies))}`,
);
console.log(`  build record (build + page walk + drop gate + swap): p50 ${ms(percentile(builds, 50))}, p95 ${ms(percentile(builds, 95))}`);
console.log(`  modes: ${[...modeCounts].map(([m, n]) => `${n} ${m}`).join(", ")}`);
if (partialTimings.length) {
  const spares = partialTimings.filter((t) => t.spare !== undefined).length;
  const clones = partialTimings.flatMap((t) => (t.clone === undefined ? [] : [t.clone]));
  console.log(
    `  partial build phases, p50: fetch ${phase("fetch")} ms, validate ${phase("validate")} ms, page models ${phase("models")} ms, render ${phase("render")} ms, ` +
      `wait for the folder copy ${phase("waitClone")} ms, write ${phase("write")} ms, compress ${phase("compress")} ms; ` +
      `${spares} of ${partialTimings.length} took the spare copy made ahead` +
      (spares < partialTimings.length ? `, the others copied (${percentile(clones, 50)} ms p50, in parallel)` : ""),
  );
}
for (const b of buildLogs.filter((b) => b.mode === "full").slice(1)) console.log(`  a full build happened: ${b.reason}`);

// A settings change rebuilds everything, with the QR codes, calendar blocks and page models of the running service.
const tagline = snapshot.settings.tagline;
if (!tagline) throw new Error("the generated snapshot has no tagline to change");
tagline.en = `${tagline.en} (bench)`;
const settingsBody = { collection: "globals", id: "site-settings", operation: "update", locales: [], time: new Date().toISOString() };
const s0 = performance.now();
await signedJsonPost(`${service.builderUrl}/hooks/publish`, settingsBody, secret);
await service.builder.idle();
const settingsRecord = await service.builder.liveRecord();
console.log(
  `  full build after a settings change, in the running service: ${ms(settingsRecord?.durationMs ?? NaN)} (${settingsRecord?.mode}; notice→live ${ms(performance.now() - s0)})`,
);
console.log(`  (load average at the end: ${loadAverage()})`);
await service.stop();
await cms.close();
await rm(root, { recursive: true, force: true });
