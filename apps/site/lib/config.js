import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import filtersPlugin from "./plugins/filters.js";
import nunjucksCachePlugin from "./plugins/nunjucks-cache.js";

// The Eleventy configuration, shared by the CLI (eleventy.config.js) and the
// programmatic build (build.js). Feeds and calendars are templates in src/
// that call lib/feed.js and lib/ics.js; Nunjucks filters are a plugin.

export const inputDir = path.resolve(import.meta.dirname, "../src");

/** @param {import("@11ty/eleventy").UserConfig} eleventyConfig */
export async function configure(eleventyConfig, data, { cacheNunjucks = true } = {}) {
  eleventyConfig.addGlobalData("cica", data);
  eleventyConfig.addPlugin(filtersPlugin);
  // Off only in the test that checks the plugin changes nothing but speed.
  if (cacheNunjucks) eleventyConfig.addPlugin(nunjucksCachePlugin);
  eleventyConfig.addPassthroughCopy({ [path.join(inputDir, "assets")]: "assets" });
  eleventyConfig.setQuietMode(true);

  // Media files the pages use are copied into the output, so the site never
  // depends on the CMS once built.
  eleventyConfig.on("eleventy.after", async ({ directories, outputMode }) => {
    // Rendering to memory (partial builds, previews) writes nothing; the partial build copies media itself.
    if (outputMode !== "fs") return;
    const views = await data.views();
    const dir = path.join(directories.output, "media");
    if (views.usedMedia.length) await mkdir(dir, { recursive: true });
    await Promise.all(
      views.usedMedia.map(async (m) => writeFile(path.join(dir, path.basename(m.filename)), await data.source.mediaFile(m))),
    );
  });

  return {
    dir: { input: inputDir, includes: "_includes", data: "_data" },
    templateFormats: ["njk", "11ty.js"],
    htmlTemplateEngine: "njk",
  };
}
