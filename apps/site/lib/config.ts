// Eleventy ships no declarations; ours travel with this module into every program that type-checks the site's
// sources (other workspaces import @cica/site as TypeScript), not only this workspace's.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient module declaration has no import form
/// <reference path="../types/eleventy.d.ts" />
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { UserConfig } from "@11ty/eleventy";
import type { BuildData } from "./data.js";
import hashedAssetsPlugin from "./plugins/hashed-assets.js";
import nunjucksCachePlugin from "./plugins/nunjucks-cache.js";
import { eventCalendarsTemplate, jsTemplates } from "./templates.js";
import { mediaFileName, mediaFiles } from "./view/image.js";

// The Eleventy configuration, shared by the CLI (eleventy.config.ts) and the
// programmatic build (build.ts). The HTML pages are Nunjucks templates in src/;
// feeds and calendars are typed JavaScript templates (templates.ts), except the
// events' own .ics files, which the build writes itself (templates.ts says why).

export const inputDir = path.resolve(import.meta.dirname, "../src");

export interface ConfigureOptions {
  /** Off only in the test that checks the plugin changes nothing but speed. */
  cacheNunjucks?: boolean;
  /**
   * The events' .ics as an Eleventy template too: for the Eleventy CLI (eleventy.config.ts), which writes
   * only what Eleventy renders, and the test that checks the files made outside Eleventy are the same.
   */
  calendarsInEleventy?: boolean;
  /** Called with every file Eleventy writes, as it writes it (the full build's compression thread). */
  beforeWrite?: (file: string, content: string | Buffer) => void;
}

export function configure(
  eleventyConfig: UserConfig,
  data: BuildData,
  { cacheNunjucks = true, calendarsInEleventy = false, beforeWrite }: ConfigureOptions = {},
) {
  eleventyConfig.addGlobalData("cica", data);
  // The page models every template paginates over (see view/index.ts).
  eleventyConfig.addGlobalData("views", () => data.views());
  for (const [virtualPath, template] of Object.entries({ ...jsTemplates, ...(calendarsInEleventy ? eventCalendarsTemplate : {}) }))
    eleventyConfig.addTemplate(virtualPath, template);
  if (cacheNunjucks) eleventyConfig.addPlugin(nunjucksCachePlugin);
  eleventyConfig.addPlugin(hashedAssetsPlugin);
  eleventyConfig.setQuietMode(true);
  // Registered after Eleventy's own transforms, so `content` is the very text written to `outputPath`.
  if (beforeWrite) {
    eleventyConfig.addTransform("cica-before-write", (content, outputPath) => {
      if (outputPath) beforeWrite(path.resolve(outputPath), content);
      return content;
    });
  }

  // Media files the pages use are copied into the output, so the site never
  // depends on the CMS once built.
  eleventyConfig.on("eleventy.after", async ({ directories, outputMode }) => {
    // Rendering to memory (partial builds, previews) writes nothing; the partial build copies media itself.
    if (outputMode !== "fs" || !data.source) return;
    const source = data.source;
    const views = await data.views();
    const dir = path.join(directories.output, "media");
    if (views.usedMedia.length) await mkdir(dir, { recursive: true });
    const files = views.usedMedia.flatMap(mediaFiles);
    await Promise.all(files.map(async (file) => writeFile(path.join(dir, mediaFileName(file)), await source.mediaFile(file))));
  });

  return {
    dir: { input: inputDir, includes: "_includes", data: "_data" },
    templateFormats: ["njk", "11ty.js"],
    htmlTemplateEngine: "njk",
  };
}
