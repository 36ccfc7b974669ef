// Full-build time of the static site for generated snapshots of 1,000 and
// 5,000 events × 3 locales: total time, ms per page, peak memory, page weights.
//   node --import tsx bench/site-build/run.ts            (1000 and 5000)
//   node --import tsx bench/site-build/run.ts 200 1000   (other sizes)
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BuildFigures } from "./build-one.ts";

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const one = fileURLToPath(new URL("./build-one.ts", import.meta.url));
const kb = (bytes: number | undefined) => ((bytes ?? NaN) / 1024).toFixed(1);
console.log("events  pages  files  build(s)  ms/page  ms/file  peakRSS(MB)  output(MB)  event page avg/max (KB)  events index en (KB)");
for (const count of sizes.length ? sizes : [1000, 5000]) {
  // Each build in its own process, so that peak memory belongs to that build alone.
  const output = execFileSync(process.execPath, ["--max-old-space-size=8192", "--import", "tsx", one, String(count)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  // The last line is build-one.ts's JSON; it is this repository's own output, so it is not parsed again.
  const r = JSON.parse(output.trim().split("\n").at(-1) ?? "") as BuildFigures;
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
      .join(", ")}\n        listing pages ${r.listingBytes.pages} (largest ${kb(r.listingBytes.max)} KB), css ${r.cssBytes} B, home ${kb(r.homeBytes)} KB, feed ${kb(r.feedBytes)} KB, calendar ${kb(r.calendarBytes)} KB, sitemap ${kb(r.sitemapBytes)} KB`,
  );
}
