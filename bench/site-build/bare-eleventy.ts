// The yardstick for the site's full build (issue 12): a bare Eleventy 3 build of the same page count,
// in its own process like build-one.ts. A minimal project generated in a temp dir: one Nunjucks
// template paginated over N items (one page each, at the site's event-page paths), no layout, no
// plugins. Prints one JSON line (BareFigures).
//   node --import tsx bench/site-build/bare-eleventy.ts 3010
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Eleventy from "@11ty/eleventy";

/** What the bare build measured; run.ts prints it beside the full build. */
export interface BareFigures {
  pages: number;
  pagesWritten: number;
  durationMs: number;
  /** CPU time, as in build-one.ts. */
  cpuMs: number;
}

const TEMPLATE = `---
pagination:
  data: items
  size: 1
  alias: item
permalink: "/{{ item.locale }}/events/{{ item.slug }}/index.html"
---
<!doctype html>
<html lang="{{ item.locale }}">
<head><meta charset="utf-8"><title>{{ item.title }}</title></head>
<body>
<h1>{{ item.title }}</h1>
<p>{{ item.date }} · {{ item.place }}</p>
<p>{{ item.summary }}</p>
</body>
</html>
`;

const pages = Number(process.argv[2]);
if (!Number.isInteger(pages) || pages < 1) throw new Error("usage: bare-eleventy.ts <pages>");
const root = await mkdtemp(path.join(tmpdir(), "cica-bare-eleventy-"));
const input = path.join(root, "src");
await mkdir(path.join(input, "_data"), { recursive: true });
await writeFile(path.join(input, "events.njk"), TEMPLATE);
const locales = ["en", "ru", "zh"];
const items = Array.from({ length: pages }, (_, i) => ({
  locale: locales[i % locales.length],
  slug: `event-${Math.floor(i / locales.length)}`,
  title: `Event number ${i}`,
  date: new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
  place: "Astana, Kazakhstan",
  summary: "A seminar on confidence-building measures in Asia.",
}));
await writeFile(path.join(input, "_data", "items.json"), JSON.stringify(items));

const started = performance.now();
const cpuBefore = process.cpuUsage();
const eleventy = new Eleventy(input, path.join(root, "out"), { quietMode: true, configPath: false });
const results = await eleventy.write();
const durationMs = Math.round(performance.now() - started);
const cpu = process.cpuUsage(cpuBefore);
const pagesWritten = results.flat().filter((r) => typeof r === "object" && r !== null && "outputPath" in r && r.outputPath).length;
const figures: BareFigures = { pages, pagesWritten, durationMs, cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
console.log(JSON.stringify(figures));
await rm(root, { recursive: true, force: true });
