import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { changeInstants } from "./changes.js";
import { configure, inputDir } from "./config.js";
import { ContentError } from "./content.js";
import { createBuildData } from "./data.js";
import { nextGeneration } from "./memo.js";
import { fullBuildReason, partialBuild, prepareSpare, sparesReady } from "./partial.js";
import { createSource } from "./source.js";
import { codeVersion, loadState, saveState, stateWritten } from "./state.js";

export const DEFAULT_SITE_URL = "http://localhost:8080";

/**
 * Builds the site into `outputDir`. The content is loaded and validated
 * before Eleventy starts, so invalid content writes nothing at all; the
 * publish pipeline builds into a fresh folder and swaps it in.
 *
 * With `triggers`, `previousDir` and `previousStateFile` (what the build
 * service passes), a change to a few events extends the previous build
 * instead (lib/partial.js): only those events are fetched, and only their
 * pages and the listings are rendered. Anything else is a full build; `mode`
 * and `reason` in the result say which and why.
 *
 * @param {object} options
 * @param {object} [options.snapshot]      a Snapshot object (tests, the pipeline)
 * @param {string} [options.snapshotFile]  a snapshot written by `npm run snapshot`
 * @param {string} [options.cmsUrl]        the CMS to fetch from
 * @param {string} [options.mediaDir]      where snapshot media files are (default: media/ beside the snapshot file)
 * @param {string} options.outputDir
 * @param {string} [options.siteUrl]       absolute address the site is served at (canonical URLs)
 * @param {Date}   [options.now]           "today", for forthcoming vs past and the banner's expiry
 * @param {{ collection: string, id: string, operation: string, operations?: string[] }[]} [options.triggers] what changed since the previous build
 * @param {string} [options.previousDir]       the previous (live) build's folder; never written to
 * @param {string} [options.previousStateFile] the state file the previous build left
 * @param {string} [options.stateFile]         where this build leaves its state (outside the served folder)
 * @returns {Promise<{ok: boolean, mode: "full" | "partial", reason?: string, pagesWritten: number, filesWritten: number, durationMs: number, errors: string[], changesAt: string[], timings?: Record<string, number>}>}
 */
export async function buildSite({
  snapshot,
  snapshotFile,
  cmsUrl,
  mediaDir,
  outputDir,
  siteUrl = DEFAULT_SITE_URL,
  now = new Date(),
  fetchImpl,
  triggers,
  previousDir,
  previousStateFile,
  stateFile,
} = {}) {
  const started = performance.now();
  const finish = (fields) => ({ durationMs: Math.round(performance.now() - started), changesAt: [], ...fields });
  if (!outputDir) throw new Error("buildSite needs an outputDir");
  const source = createSource({ snapshot, snapshotFile, cmsUrl, mediaDir, fetchImpl });
  const output = path.resolve(outputDir);
  const code = await codeVersion();

  let reason = "no previous build was given";
  if (triggers && previousDir && previousStateFile) {
    const previous = await loadState(previousStateFile, { code });
    reason = fullBuildReason({ triggers, previous, code, siteUrl, now });
    if (!reason) {
      try {
        await mkdir(output, { recursive: true });
        const eventIds = [...new Set(triggers.map((t) => String(t.id)))];
        const result = await partialBuild({ previous, previousDir, outputDir: output, eventIds, source, siteUrl, now });
        keepForNextBuild(stateFile, output, { code, siteUrl, builtAt: now.toISOString(), changesAt: result.changesAt, content: result.content });
        nextGeneration();
        const { content, filesRemoved, ...rest } = result;
        return finish({ ok: true, mode: "partial", errors: [], ...rest });
      } catch (error) {
        if (error instanceof ContentError && !error.references) return finish({ ok: false, mode: "partial", pagesWritten: 0, filesWritten: 0, errors: error.lines });
        // A reference the previous content cannot resolve (an organisation or image added since, with no
        // notice because no published event used it yet), a CMS hiccup, a bug: the whole site from scratch
        // is the safe answer, and a full build reports whatever is really wrong.
        reason =
          error instanceof ContentError
            ? `a changed event refers to something the previous build did not have (${error.lines[0]}); building everything`
            : `the partial build failed (${error.message}); building everything`;
        await rm(output, { recursive: true, force: true });
      }
    }
  }

  const data = createBuildData({ source, siteUrl, now });
  let content;
  try {
    content = await data.content();
    await data.views();
  } catch (error) {
    if (error instanceof ContentError) return finish({ ok: false, mode: "full", reason, pagesWritten: 0, filesWritten: 0, errors: error.lines });
    return finish({ ok: false, mode: "full", reason, pagesWritten: 0, filesWritten: 0, errors: [error.message] });
  }

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
    const changesAt = changeInstants(content, now);
    keepForNextBuild(stateFile, output, { code, siteUrl, builtAt: now.toISOString(), changesAt, content });
    nextGeneration();
    return finish({ ok: true, mode: "full", reason, pagesWritten, filesWritten: written.length, errors: [], changesAt });
  } catch (error) {
    // A half-written folder must not be mistaken for a site; one we did not create is left to its owner.
    if (!existed) await rm(output, { recursive: true, force: true });
    return finish({ ok: false, mode: "full", reason, pagesWritten: 0, filesWritten: 0, errors: [error.message, ...(error.originalError ? [error.originalError.message] : [])] });
  }
}

/**
 * What the next build starts from: this build's state (in memory now, in
 * `stateFile` shortly after) and a spare copy of its folder beside the state
 * file. Neither is on the way to this build going live.
 */
function keepForNextBuild(stateFile, outputDir, state) {
  if (!stateFile) return;
  void saveState(stateFile, state);
  void prepareSpare(outputDir, stateFile.replace(/\.json$/, "") + ".spare");
}

/** Resolves when what builds do after returning (state files, spare copies) is done: before deleting their folders. */
export async function backgroundWork() {
  await Promise.all([stateWritten(), sparesReady()]);
}

export { ContentError };
