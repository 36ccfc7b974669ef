// Full-build time of the static site for generated snapshots of 1,000 and
// 5,000 events × 3 locales: total time, ms per page, peak memory, page weights;
// and beside it, in the same run, a bare Eleventy 3 build of the same page count
// (bare-eleventy.ts) and the ratio of the two (issue 12's budget: ≤ 2 ms per page
// at 1,000 events). The full build's time is everything before the swap: loading
// and validating the snapshot, page models, rendering, writing.
//   node --import tsx bench/site-build/run.ts            (1000 and 5000)
//   node --import tsx bench/site-build/run.ts 200 1000   (other sizes)
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadAverage } from "../lib/stats.ts";
import type { BareFigures } from "./bare-eleventy.ts";
import type { BuildFigures } from "./build-one.ts";

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const one = fileURLToPath(new URL("./build-one.ts", import.meta.url));
const bare = fileURLToPath(new URL("./bare-eleventy.ts", import.meta.url));
const kb = (bytes: number | undefined) => ((bytes ?? NaN) / 1024).toFixed(1);

/** Runs one bench script in its own process (so that peak memory belongs to that build alone); its last line is its JSON. */
function run<T>(script: string, arg: number): T {
  const output = execFileSync(process.execPath, ["--max-old-space-size=8192", "--import", "tsx", script, String(arg)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  // This repository's own output, so it is not parsed again.
  return JSON.parse(output.trim().split("\n").at(-1) ?? "") as T;
}

console.log(`load average before: ${loadAverage()} (the machine may be shared: compare the ratio, not the times)`);
console.log("events  pages  files  build(s)  ms/page  ms/file  peakRSS(MB)  output(MB)  event page avg/max (KB)  events index en (KB)");
for (const count of sizes.length ? sizes : [1000, 5000]) {
  // The bare build runs before and after the full one, and the ratio uses their mean, so a change of
  // load on a shared machine during the run weighs on both sides alike.
  // The first one's page count is an estimate (events × locales plus the listings): the full build's
  // exact count is known only after it, and per page a few more or less do not matter.
  const pages = count * 3 + 10;
  const bareBefore = run<BareFigures>(bare, pages);
  const r = run<BuildFigures>(one, count);
  const bareAfter = run<BareFigures>(bare, r.pagesWritten);
  console.log(
    [
      String(r.events).padStart(6),
      String(r.pagesWritten).padStart(6),
      String(r.filesWritten).padStart(6),
      (r.durationMs / 1000).toFixed(1).padStart(9),
      (r.durationMs / r.pagesWritten).toFixed(2).padStart(8),
      (r.durationMs / r.filesWritten).toFixed(2).padStart(8),
      String(r.peakRssMb).padStart(12),
      String(r.outputMb).padStart(11),
      `${kb(r.eventPageBytes.avg)} / ${kb(r.eventPageBytes.max)}`.padStart(24),
      kb(r.eventsIndexBytes.en).padStart(21),
    ].join(" "),
  );
  console.log(
    `        phases: ${Object.entries(r.timings ?? {})
      .map(([phase, ms]) => `${phase} ${ms} ms`)
      .join(
        ", ",
      )}\n        listing pages ${r.listingBytes.pages} (largest ${kb(r.listingBytes.max)} KB), css ${r.cssBytes} B, home ${kb(r.homeBytes)} KB, feed ${kb(r.feedBytes)} KB, calendar ${kb(r.calendarBytes)} KB, sitemap ${kb(r.sitemapBytes)} KB`,
  );
  const perPage = r.durationMs / r.pagesWritten;
  const bareRuns = [bareBefore, bareAfter].map((b) => b.durationMs / b.pagesWritten);
  const barePerPage = (bareRuns[0]! + bareRuns[1]!) / 2;
  console.log(
    `        bare Eleventy 3, ${bareAfter.pagesWritten} pages: ${bareRuns.map((v) => v.toFixed(2)).join(" / ")} ms/page (before / after), ` +
      `mean ${barePerPage.toFixed(2)}; full build ${perPage.toFixed(2)} ms/page = ${(perPage / barePerPage).toFixed(2)} × bare ` +
      `(load average now ${loadAverage()})`,
  );
  // CPU time per page (all threads, user + system) varies less than wall time when other processes load the machine.
  const cpuPerPage = r.cpuMs / r.pagesWritten;
  const bareCpuPerPage = (bareBefore.cpuMs / bareBefore.pagesWritten + bareAfter.cpuMs / bareAfter.pagesWritten) / 2;
  const mainPerPage = r.mainThreadCpuMs === undefined ? undefined : r.mainThreadCpuMs / r.pagesWritten;
  console.log(
    `        CPU time: full build ${cpuPerPage.toFixed(2)} ms/page, bare Eleventy ${bareCpuPerPage.toFixed(2)} ms/page, ` +
      `ratio ${(cpuPerPage / bareCpuPerPage).toFixed(2)}` +
      // The compression runs on a thread of its own: on an idle machine with a core for it, the main thread sets the time.
      (mainPerPage === undefined ? "" : `; the full build's main thread alone ${mainPerPage.toFixed(2)} ms/page`),
  );
  const after = Object.entries(r.afterSwapMs ?? {});
  console.log(
    after.length
      ? `        after the swap (not in build(s)): ${after.map(([what, ms]) => `${what} ${(ms / 1000).toFixed(1)} s`).join(", ")}`
      : "        after the swap: nothing (no search index in this build)",
  );
}
