import { existsSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { processCaches, type SiteCaches } from "./caches.js";
import { changeInstants } from "./changes.js";
import { compressFiles } from "./compress.js";
import { startCompressionThread } from "./compress-thread.js";
import { configure, inputDir } from "./config.js";
import { ContentError, type Content } from "./content.js";
import { createBuildData } from "./data.js";
import { errorMessage } from "./errors.js";
import { fullBuildReason, partialBuild, rememberListings, staleEventIds, type Trigger } from "./partial.js";
import { createSource, type SourceOptions } from "./source.js";
import type { BuildFailure } from "@cica/schema";
import { codeVersion, type BuildState } from "./state.js";
import { eventCalendarFiles } from "./templates.js";
import { writeNewFiles } from "./tree.js";

export const DEFAULT_SITE_URL = "http://localhost:8080";

export interface BuildOptions extends SourceOptions {
  outputDir: string;
  /** Absolute address the site is served at (canonical URLs). */
  siteUrl?: string;
  /** "Today", for forthcoming vs past and the banner's expiry. */
  now?: Date;
  /** What changed since the previous build. */
  triggers?: readonly Trigger[];
  /** The previous (live) build's folder; never written to. */
  previousDir?: string;
  /** The state file the previous build left. */
  previousStateFile?: string;
  /** Where this build leaves its state (outside the served folder). */
  stateFile?: string;
  /** What the calling service keeps between its builds; by default one set per process. */
  caches?: SiteCaches;
}

export interface BuildResult {
  ok: boolean;
  mode: "full" | "partial";
  reason?: string;
  pagesWritten: number;
  filesWritten: number;
  durationMs: number;
  errors: string[];
  /**
   * Documents left out of a build that otherwise succeeded (issue 9, isolation): every failure
   * still open, including those carried from earlier builds, so the latest live build's list is complete.
   */
  failures: BuildFailure[];
  changesAt: string[];
  filesRemoved?: number;
  htmlChanges?: { written: string[]; removed: string[] };
  timings?: Record<string, number>;
}

/**
 * Builds the site into `outputDir`. The content is loaded and validated
 * before Eleventy starts, so invalid content writes nothing at all; the
 * publish pipeline builds into a fresh folder and swaps it in.
 *
 * With `triggers`, `previousDir` and `previousStateFile` (what the build
 * service passes), a change to a few events extends the previous build
 * instead (lib/partial.ts): only those events are fetched, and only their
 * pages and the listings are rendered. Anything else is a full build; `mode`
 * and `reason` in the result say which and why.
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
  caches = processCaches,
}: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const finish = (
    fields: Omit<BuildResult, "durationMs" | "changesAt" | "failures"> & { changesAt?: string[]; failures?: BuildFailure[] },
  ): BuildResult => ({
    durationMs: Math.round(performance.now() - started),
    changesAt: [],
    failures: [],
    ...fields,
  });
  if (!outputDir) throw new Error("buildSite needs an outputDir");
  const source = createSource({ snapshot, snapshotFile, cmsUrl, mediaDir, fetchImpl });
  const output = path.resolve(outputDir);
  // The code's fingerprint (reading and hashing src/, lib/ and the schema, once per process) is needed
  // first by a partial build, last by a full one: a full build reads it while loading the content.
  const fingerprint = codeVersion();
  void fingerprint.catch(() => undefined);

  let reason: string | undefined = "no previous build was given";
  // The live build's content: a partial build extends it, a full one takes an event's last good version from it.
  const previous = previousStateFile ? await caches.states.load(previousStateFile, { code: await fingerprint }) : undefined;
  if (triggers && previousDir && previousStateFile) {
    const code = await fingerprint;
    reason = fullBuildReason({ triggers, previous, code, siteUrl, now });
    if (!reason && previous) {
      try {
        await mkdir(output, { recursive: true });
        const idsOf = (collection: string) => [...new Set(triggers.filter((t) => t.collection === collection).map((t) => String(t.id)))];
        const [eventIds, mediaIds] = [idsOf("events"), idsOf("media")];
        const staleIds = staleEventIds(previous, now) ?? [];
        const result = await partialBuild({
          previous,
          previousDir,
          outputDir: output,
          eventIds,
          mediaIds,
          staleIds,
          source,
          siteUrl,
          now,
          caches,
        });
        keepForNextBuild(caches, stateFile, output, {
          code,
          siteUrl,
          builtAt: now.toISOString(),
          changesAt: result.changesAt,
          content: result.content,
        });
        caches.nextGeneration();
        const { content: _content, filesRemoved: _removed, ...rest } = result;
        return finish({ ok: true, mode: "partial", errors: [], ...rest });
      } catch (error) {
        if (error instanceof ContentError && !error.references)
          return finish({ ok: false, mode: "partial", pagesWritten: 0, filesWritten: 0, errors: error.lines });
        // A reference the previous content cannot resolve (an organisation or image added since, with no
        // notice because no published event used it yet), a CMS hiccup, a bug: the whole site from scratch
        // is the safe answer, and a full build reports whatever is really wrong.
        reason =
          error instanceof ContentError
            ? `a changed event refers to something the previous build did not have (${error.lines[0]}); building everything`
            : `the partial build failed (${errorMessage(error)}); building everything`;
        await rm(output, { recursive: true, force: true });
      }
    }
  }

  const prepareStarted = performance.now();
  // Started first, so that it is ready (tsx loaded in it) when the first page is rendered.
  const compression = startCompressionThread();
  const data = createBuildData({ source, siteUrl, now, caches, previous: previous?.content });
  let content: Content;
  let failures: BuildFailure[];
  try {
    content = await data.content();
    failures = [...content.failures, ...(await data.views()).failures];
  } catch (error) {
    await compression.stop();
    if (error instanceof ContentError)
      return finish({ ok: false, mode: "full", reason, pagesWritten: 0, filesWritten: 0, errors: error.lines });
    return finish({ ok: false, mode: "full", reason, pagesWritten: 0, filesWritten: 0, errors: [errorMessage(error)] });
  }

  const existed = existsSync(output);
  let calendarsWritten: Promise<void> | undefined;
  // From here every way out ends the compression thread: finish() on success, stop() on failure.
  try {
    const eleventy = new Eleventy(inputDir, output, {
      quietMode: true,
      // The configuration comes from here, never from an eleventy.config.* in the caller's folder.
      configPath: false,
      config: (eleventyConfig) => configure(eleventyConfig, data, { beforeWrite: compression.add }),
    });
    const timings: Record<string, number> = { prepare: Math.round(performance.now() - prepareStarted) };
    const renderStarted = performance.now();
    // The events' .ics files are made here (templates.ts) and written on libuv's threads while Eleventy renders;
    // the event pages' folders are made there too, so Eleventy finds them instead of making 3,000 one by one.
    const views = await data.views();
    const calendars = eventCalendarFiles(views, data);
    for (const { file, content } of calendars) compression.add(path.join(output, file), content);
    calendarsWritten = writeNewFiles(
      output,
      calendars,
      views.eventPages.map((p) => p.url),
    );
    // Both settle before a failure removes the folder, so nothing is still writing into it.
    const [rendered, calendarsDone] = await Promise.allSettled([eleventy.write(), calendarsWritten]);
    if (rendered.status === "rejected") throw rendered.reason;
    if (calendarsDone.status === "rejected") throw calendarsDone.reason;
    const results = rendered.value;
    timings.render = Math.round(performance.now() - renderStarted);
    const written = [...results.flat().flatMap(outputPathOf), ...calendars.map((c) => c.file)];
    // Before the state and the spare copy are taken, so the next partial build inherits the compressed copies.
    // The thread has the rendered pages; what Eleventy copied (static files) is compressed here meanwhile.
    const compressStarted = performance.now();
    await Promise.all([compression.finish(), compressFiles((await filesUnder(output)).filter((file) => !compression.has(file)))]);
    timings.compressAfterRender = Math.round(performance.now() - compressStarted);
    const pagesWritten = written.filter((file) => file.endsWith(".html")).length;
    const changesAt = changeInstants(content, now);
    rememberListings(caches, content, views.indexPages);
    keepForNextBuild(caches, stateFile, output, { code: await fingerprint, siteUrl, builtAt: now.toISOString(), changesAt, content });
    caches.nextGeneration();
    return finish({ ok: true, mode: "full", reason, pagesWritten, filesWritten: written.length, errors: [], failures, changesAt, timings });
  } catch (error) {
    await calendarsWritten?.catch(() => undefined);
    await compression.stop();
    // A half-written folder must not be mistaken for a site; one we did not create is left to its owner.
    if (!existed) await rm(output, { recursive: true, force: true });
    const original = error instanceof Error && "originalError" in error ? error.originalError : undefined;
    return finish({
      ok: false,
      mode: "full",
      reason,
      pagesWritten: 0,
      filesWritten: 0,
      errors: [errorMessage(error), ...(original ? [errorMessage(original)] : [])],
    });
  }
}

/** Every file under a folder (absolute paths): what Eleventy wrote, its passthrough copies and the media. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** The output path of one entry of Eleventy's write() results, if it wrote a file. */
function outputPathOf(result: unknown): string[] {
  return typeof result === "object" &&
    result !== null &&
    "outputPath" in result &&
    typeof result.outputPath === "string" &&
    result.outputPath
    ? [result.outputPath]
    : [];
}

/**
 * What the next build starts from: this build's state (in memory now, in
 * `stateFile` shortly after) and a spare copy of its folder beside the state
 * file. Neither is on the way to this build going live.
 */
function keepForNextBuild(caches: SiteCaches, stateFile: string | undefined, outputDir: string, state: Omit<BuildState, "format">): void {
  if (!stateFile) return;
  void caches.states.save(stateFile, state);
  void caches.spares.prepare(outputDir, stateFile.replace(/\.json$/, "") + ".spare");
}

/** Resolves when what builds do after returning (state files, spare copies) is done: before deleting their folders. */
export function backgroundWork(caches: SiteCaches = processCaches): Promise<void> {
  return caches.backgroundWork();
}
