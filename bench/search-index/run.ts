// Search (issue 12): how long after a build's pages go live its search index is live, through the
// real build service (Eleventy build of a generated snapshot, Pagefind index after the swap,
// static server). The requirement: within 15 s at 5,000 events × 3 locales. This is work after the
// swap, so it is not part of the build figures of bench/site-build.
//
//   node --import tsx bench/search-index/run.ts [--events 5000] [--builds 3]
//
// "pages → index" is what a visitor sees: from the moment the new build is live (the service's
// "live" event, right after the swap) until GET /status names that build's index and the static
// server answers /pagefind/shards.json from it. The first build makes every shard of the index;
// later builds alternate a rebuild of the same content and a rebuild with one event's title
// changed (the index work of a publish: that event's shards are made again), and are printed apart.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startSiteService } from "@cica/builder";
import { generatedSnapshot } from "@cica/fixtures";
import { buildSite } from "@cica/site";
import { indexSite } from "@cica/site/search";
import { loadAverage, median, seconds } from "../lib/stats.ts";
import { waitFor } from "../lib/wait.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "5000" },
    builds: { type: "string", default: "3" },
  },
});
const eventCount = Number(values.events);
const buildCount = Number(values.builds);
const now = new Date("2026-01-15T00:00:00Z");
const snapshot = generatedSnapshot(eventCount, now);

const root = await mkdtemp(join(tmpdir(), "cica-bench-search-index-"));
/** Index durations as the indexer measured them (Pagefind alone, from the swap). */
const indexerMs: number[] = [];
const service = await startSiteService({
  dataDir: join(root, "data"),
  secret: "bench-secret-0123456789abcdef0123456789",
  builderPort: 0,
  sitePort: 0,
  host: "127.0.0.1",
  log: (line) => {
    const made = /search index of \S+ is live: (\d+) pages, (\d+) ms/.exec(line);
    if (made) indexerMs.push(Number(made[2]));
    else if (/search index .* FAILED/.test(line)) console.error(line);
  },
  build: async ({ outputDir }) => buildSite({ snapshot, outputDir, now, siteUrl: "https://events.example.org" }),
  searchIndex: indexSite,
});

/**
 * CPU seconds of this process's finished children (/proc/self/stat, cutime + cstime): Pagefind's
 * binary is the only child here, so the change over one index is its CPU time, whatever the load.
 */
async function childCpuSeconds(): Promise<number> {
  const stat = await readFile("/proc/self/stat", "utf8").catch(() => "");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 16 and 17 of proc(5), counted from 1 with pid and comm, in clock ticks (100 a second on Linux).
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const liveAt = new Map<string, { at: number; cpu: Promise<number>; ownCpu: NodeJS.CpuUsage }>();
service.builder.on("live", (id) => liveAt.set(id, { at: performance.now(), cpu: childCpuSeconds(), ownCpu: process.cpuUsage() }));
const publicStatus = async () =>
  (await (await fetch(`${service.builderUrl}/status`)).json()) as { live: string | null; searchIndex: string | null };

console.log(`search index: ${eventCount} events × 3 locales, ${buildCount} builds (load average ${loadAverage()})`);
console.log("build  html pages  pages live → index live  indexed pages  Pagefind CPU  service CPU  shards made");
/** Pages live → index live: the first build (every shard made), and the builds after it. */
const first: number[] = [];
const later: number[] = [];
/** CPU seconds of the service's own process from pages live to index live. */
const ownCpu: number[] = [];
const cpu: number[] = [];
try {
  for (let run = 0; run < buildCount; run++) {
    const kind = run === 0 ? "first" : run % 2 === 1 ? "same content" : "one event changed";
    if (kind === "one event changed") snapshot.events[run % snapshot.events.length]!.title.en += ` (edited ${run})`;
    if (run > 0)
      service.builder.notify({ collection: "_bench", id: `rebuild-${run}`, operation: "rebuild", time: new Date().toISOString() });
    await service.builder.idle();
    const { live } = await publicStatus();
    const pagesLive = live ? liveAt.get(live) : undefined;
    if (!live || pagesLive === undefined) throw new Error(`build ${run + 1} did not go live`);
    // Polled from outside, as a monitor would: the status names the index, and the server serves it.
    await waitFor("the index of the live build", async () => (await publicStatus()).searchIndex === live, 120_000, 50);
    const entry = await fetch(`${service.siteUrl}/pagefind/shards.json`);
    if (!entry.ok) throw new Error(`/pagefind/shards.json answered ${entry.status}`);
    const indexLive = performance.now() - pagesLive.at;
    // This process's CPU meanwhile (every thread): the indexer listing, reading and hashing the
    // pages and linking reused shards — and whatever of the build's own work runs after its swap.
    const own = process.cpuUsage(pagesLive.ownCpu);
    ownCpu.push((own.user + own.system) / 1e6);
    (run === 0 ? first : later).push(indexLive);
    const status = await service.search?.status();
    // Pagefind's process is killed once the index is written and counted when Node reaps it, a
    // moment later; when every shard was reused, it never ran.
    const cpuBefore = await pagesLive.cpu;
    const cpuAfter =
      status?.live?.shards?.rebuilt === 0
        ? cpuBefore
        : await waitFor(
            "Pagefind's process to be reaped",
            async () => ((await childCpuSeconds()) > cpuBefore ? childCpuSeconds() : 0),
            5000,
            50,
          ).catch(() => cpuBefore);
    cpu.push(cpuAfter - cpuBefore);
    const record = await service.builder.liveRecord();
    const shards = status?.live?.shards;
    console.log(
      [
        String(run + 1).padStart(5),
        String(record?.htmlPages ?? "?").padStart(11),
        seconds(indexLive).padStart(24),
        String(status?.live?.pages ?? "?").padStart(14),
        `${cpu.at(-1)?.toFixed(1)} s`.padStart(13),
        `${ownCpu.at(-1)?.toFixed(1)} s`.padStart(12),
        (shards ? `${shards.rebuilt}/${shards.rebuilt + shards.reused}` : "?").padStart(13),
        `  ${kind}`,
      ].join(" "),
    );
  }
  console.log(
    `first build: pages live → index live ${seconds(first[0] ?? NaN)} (the indexer's own: ${seconds(indexerMs[0] ?? NaN)}; Pagefind CPU ${cpu[0]?.toFixed(1)} s, service CPU ${ownCpu[0]?.toFixed(1)} s)`,
  );
  if (later.length)
    console.log(
      `later builds: median pages live → index live ${seconds(median(later))}, slowest ${seconds(Math.max(...later))} (the indexer's own median: ${seconds(median(indexerMs.slice(1)))}; Pagefind CPU median ${median(cpu.slice(1)).toFixed(1)} s, service CPU median ${median(ownCpu.slice(1)).toFixed(1)} s)`,
    );
  console.log(`load average ${loadAverage()}`);
} finally {
  await service.stop();
  await rm(root, { recursive: true, force: true });
}
