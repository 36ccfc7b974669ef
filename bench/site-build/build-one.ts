// One full build of a generated snapshot, in its own process so that peak
// memory belongs to this build alone. Prints one JSON line (BuildFigures).
// Started by run.ts under the tsx loader (@cica/site is TypeScript source), which imports only
// its type.
//   node --import tsx bench/site-build/build-one.ts 1000
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildSite } from "@cica/site";
import { generatedSnapshot } from "@cica/fixtures";
import { threadCpuMs } from "../lib/stats.ts";

/** What one build measured; run.ts prints it as a table row. */
export interface BuildFigures {
  events: number;
  pagesWritten: number;
  filesWritten: number;
  durationMs: number;
  /** CPU time of the build, every thread of the process (user + system): less sensitive to a busy machine than durationMs. */
  cpuMs: number;
  /** CPU time of the main thread alone (Linux; the compression runs on another thread): the critical path on an idle machine. */
  mainThreadCpuMs?: number;
  peakRssMb: number;
  outputMb: number;
  cssBytes: number;
  eventPageBytes: { avg: number; max: number };
  homeBytes: number | undefined;
  eventsIndexBytes: { en: number | undefined; zh: number | undefined };
  /** Every listing page (the paged index, by year, by country) in every locale: how many, and the largest. */
  listingBytes: { pages: number; max: number };
  feedBytes: number | undefined;
  calendarBytes: number | undefined;
  sitemapBytes: number | undefined;
  /**
   * Phases of the build, all before the swap: prepare (content loaded and validated, page models), render
   * (Eleventy, with the brotli and gzip copies made on another thread meanwhile), compressAfterRender (waiting
   * for that thread's last files, and the copies of what Eleventy only copied).
   */
  timings: Record<string, number> | undefined;
  /** Work done after the build goes live (a search index that follows the swap), by name; none yet. */
  afterSwapMs?: Record<string, number>;
}

async function sizes(dir: string): Promise<{ rel: string; size: number }[]> {
  const out = [];
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) {
      const file = path.join(e.parentPath, e.name);
      out.push({ rel: path.relative(dir, file), size: (await stat(file)).size });
    }
  }
  return out;
}

const count = Number(process.argv[2]);
const now = new Date("2026-01-15T00:00:00Z");
const snapshot = generatedSnapshot(count, now);
const outputDir = path.join(await mkdtemp(path.join(tmpdir(), "cica-bench-")), "out");
const cpuBefore = process.cpuUsage();
const mainBefore = threadCpuMs();
const result = await buildSite({ snapshot, outputDir, now, siteUrl: "https://events.example.org" });
const cpu = process.cpuUsage(cpuBefore);
const mainAfter = threadCpuMs();
if (!result.ok) {
  console.error(result.errors.slice(0, 10).join("\n"));
  process.exit(1);
}
const files = await sizes(outputDir);
const eventPages = files.filter((f) => /^(en|ru|zh)\/events\/[^/]+\/index\.html$/.test(f.rel)).map((f) => f.size);
const css = files.filter((f) => f.rel.startsWith("assets/") && f.rel.endsWith(".css")).reduce((s, f) => s + f.size, 0);
const listings = files.filter((f) => /^(en|ru|zh)\/events\/(index\.html|page\/|year\/|country\/)/.test(f.rel)).map((f) => f.size);
const get = (rel: string) => files.find((f) => f.rel === rel)?.size;
const figures: BuildFigures = {
  events: count,
  pagesWritten: result.pagesWritten,
  filesWritten: result.filesWritten,
  durationMs: result.durationMs,
  cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  mainThreadCpuMs: mainBefore === undefined || mainAfter === undefined ? undefined : mainAfter - mainBefore,
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  outputMb: +(files.reduce((s, f) => s + f.size, 0) / 1048576).toFixed(1),
  cssBytes: css,
  eventPageBytes: { avg: Math.round(eventPages.reduce((a, b) => a + b, 0) / eventPages.length), max: Math.max(...eventPages) },
  homeBytes: get("en/index.html"),
  eventsIndexBytes: { en: get("en/events/index.html"), zh: get("zh/events/index.html") },
  listingBytes: { pages: listings.length, max: Math.max(...listings) },
  feedBytes: get("en/feed.xml"),
  calendarBytes: get("en/calendar.ics"),
  sitemapBytes: get("sitemap.xml"),
  timings: result.timings,
};
console.log(JSON.stringify(figures));
await rm(path.dirname(outputDir), { recursive: true, force: true });
