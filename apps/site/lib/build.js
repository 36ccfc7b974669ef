import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { configure, inputDir } from "./config.js";
import { ContentError } from "./content.js";
import { createBuildData } from "./data.js";
import { createSource } from "./source.js";

export const DEFAULT_SITE_URL = "http://localhost:8080";

/**
 * Builds the whole site into `outputDir`. The content is loaded and validated
 * before Eleventy starts, so invalid content writes nothing at all; the
 * publish pipeline builds into a fresh folder and swaps it in.
 *
 * @param {object} options
 * @param {object} [options.snapshot]      a Snapshot object (tests, the pipeline)
 * @param {string} [options.snapshotFile]  a snapshot written by `npm run snapshot`
 * @param {string} [options.cmsUrl]        the CMS to fetch from
 * @param {string} [options.mediaDir]      where snapshot media files are (default: media/ beside the snapshot file)
 * @param {string} options.outputDir
 * @param {string} [options.siteUrl]       absolute address the site is served at (canonical URLs)
 * @param {Date}   [options.now]           "today", for forthcoming vs past and the banner's expiry
 * @returns {Promise<{ok: boolean, pagesWritten: number, filesWritten: number, durationMs: number, errors: string[]}>}
 */
export async function buildSite({ snapshot, snapshotFile, cmsUrl, mediaDir, outputDir, siteUrl = DEFAULT_SITE_URL, now = new Date(), fetchImpl } = {}) {
  const started = performance.now();
  const finish = (fields) => ({ durationMs: Math.round(performance.now() - started), ...fields });
  if (!outputDir) throw new Error("buildSite needs an outputDir");
  const source = createSource({ snapshot, snapshotFile, cmsUrl, mediaDir, fetchImpl });
  const data = createBuildData({ source, siteUrl, now });
  try {
    await data.views();
  } catch (error) {
    if (error instanceof ContentError) return finish({ ok: false, pagesWritten: 0, filesWritten: 0, errors: error.lines });
    return finish({ ok: false, pagesWritten: 0, filesWritten: 0, errors: [error.message] });
  }

  const output = path.resolve(outputDir);
  const existed = existsSync(output);
  const eleventy = new Eleventy(inputDir, output, {
    quietMode: true,
    // The configuration comes from here, never from an eleventy.config.js in the caller's folder.
    configPath: false,
    config: (eleventyConfig) => configure(eleventyConfig, data),
  });
  try {
    const results = await eleventy.write();
    const written = results.flat().filter((r) => r?.outputPath);
    const pagesWritten = written.filter((r) => r.outputPath.endsWith(".html")).length;
    return finish({ ok: true, pagesWritten, filesWritten: written.length, errors: [] });
  } catch (error) {
    // A half-written folder must not be mistaken for a site; one we did not create is left to its owner.
    if (!existed) await rm(output, { recursive: true, force: true });
    return finish({ ok: false, pagesWritten: 0, filesWritten: 0, errors: [error.message, ...(error.originalError ? [error.originalError.message] : [])] });
  }
}

export { ContentError };
