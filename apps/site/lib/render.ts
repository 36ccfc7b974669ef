import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { configure, inputDir, type ConfigureOptions } from "./config.js";
import type { BuildData } from "./data.js";
import { eventCalendarFiles } from "./templates.js";

// Rendering some pages to memory with the real templates: the partial build
// (one event's pages plus the listings, feeds and calendars) and the draft
// preview. The data decides which pages exist (every template paginates over a
// list in the page models), so the caller passes models holding only the pages
// it wants.
//
// A new Eleventy instance per render, not a long-lived one: measured with 1,000
// events × 3 locales, creating and initialising it costs about 25 ms, while
// rendering the three events indexes, the sitemap and the calendars costs a few
// hundred; a long-lived instance (watch/incremental mode) would save the 25 ms
// at the price of invalidating Eleventy's data cascade by hand between builds.

const OUTPUT_ROOT = "/__cica-render__";

/** One rendered file; `file` is its path relative to the site's root. */
export interface RenderedFile {
  url: string;
  file: string;
  content: string;
}

/** Renders the pages of `data`'s views() to memory. */
export async function renderToMemory(data: BuildData, options?: ConfigureOptions): Promise<RenderedFile[]> {
  const eleventy = new Eleventy(inputDir, OUTPUT_ROOT, {
    quietMode: true,
    configPath: false,
    config: (eleventyConfig) => configure(eleventyConfig, data, options),
  });
  const results = await eleventy.toJSON();
  const rendered = results.flatMap((r) =>
    r.outputPath
      ? [{ url: r.url, file: path.relative(OUTPUT_ROOT, path.resolve(r.outputPath)).split(path.sep).join("/"), content: r.content }]
      : [],
  );
  return options?.calendarsInEleventy ? rendered : [...rendered, ...eventCalendarFiles(await data.views(), data)];
}
