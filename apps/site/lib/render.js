import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { configure, inputDir } from "./config.js";

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

/**
 * @param {object} data  a build data object (see data.js) whose views() are the page models to render
 * @param {{ cacheNunjucks?: boolean }} [options]  see config.js
 * @returns {Promise<{ url: string, file: string, content: string }[]>} file: relative path in the site
 */
export async function renderToMemory(data, options) {
  const eleventy = new Eleventy(inputDir, OUTPUT_ROOT, {
    quietMode: true,
    configPath: false,
    config: (eleventyConfig) => configure(eleventyConfig, data, options),
  });
  const results = await eleventy.toJSON();
  return results
    .filter((r) => typeof r.outputPath === "string" && r.outputPath)
    .map((r) => ({ url: r.url, file: path.relative(OUTPUT_ROOT, path.resolve(r.outputPath)).split(path.sep).join("/"), content: r.content }));
}
