import { execFile } from "node:child_process";
import { mkdir, readdir, rename, rm, rmdir } from "node:fs/promises";
import path from "node:path";
import { locales } from "@cica/schema";
import { changeInstants } from "./changes.js";
import { mergeEvents } from "./content.js";
import { renderToMemory } from "./render.js";
import { linkTree, removeFile, replaceFile } from "./tree.js";
import { outputFile, paths } from "./urls.js";
import { buildViews } from "./view.js";

// A partial build: the previous build's folder and content, with a few events
// changed. Only what those events touch is rendered — their pages and .ics in
// every locale (or their removal), the home pages, events indexes, feeds,
// calendars and sitemap — and everything else is carried over from the
// previous folder by hard links. The result is the same, byte for byte, as a
// full build of the same content (test/partial.test.js builds both and
// compares every file); anything this cannot vouch for is a full build.

/**
 * Event operations a partial build handles; anything else rebuilds the whole site. "schedule" (a
 * scheduled publish firing) is a publish: the event is fetched by id either way, and a draft or a
 * 404 takes it off the site, so the operation only has to say "this one event changed".
 */
export const PARTIAL_OPERATIONS = new Set(["publish", "update", "unpublish", "delete", "schedule"]);

/**
 * Why this build must be a full one, or undefined when it can extend the previous build.
 * @param {{ triggers?: { collection: string, id: string, operation: string, operations?: string[] }[], previous?: import("./state.js").BuildState, code: string, siteUrl: string, now: Date }} input
 */
export function fullBuildReason({ triggers, previous, code, siteUrl, now }) {
  if (!triggers?.length) return "no notice to build from (first build, manual or scheduled rebuild)";
  for (const trigger of triggers) {
    if (trigger.collection !== "events") return `${trigger.collection}/${trigger.id} changed (${trigger.operation})`;
    const other = (trigger.operations?.length ? trigger.operations : [trigger.operation]).find((op) => !PARTIAL_OPERATIONS.has(op));
    if (other) return `operation "${other}" on events/${trigger.id}`;
  }
  if (!previous) return "no content kept from a previous build";
  if (previous.code !== code) return "the site's templates or code changed since the previous build";
  if (previous.siteUrl !== siteUrl) return `the site address changed (${previous.siteUrl} → ${siteUrl})`;
  const builtAt = Date.parse(previous.builtAt);
  if (!Number.isFinite(builtAt) || builtAt > now.getTime()) return "the previous build's time is unknown or in the future";
  // Its carried-over pages say "forthcoming" or show the banner as of builtAt; if that has changed since, they are stale.
  const stale = (previous.changesAt ?? []).find((instant) => Date.parse(instant) <= now.getTime());
  if (stale) return `time moved on since the previous build (an event started or ended, or the banner expired, at ${stale})`;
  return undefined;
}

/**
 * A new build folder that starts as the previous one. GNU `cp -al` does it in
 * another process (about 0.24 s for 9,000 entries here, in parallel with the
 * fetch and render on this one); where it is missing, the same in Node (0.4 s).
 */
function cloneFolder(from, to) {
  return new Promise((resolve) => {
    execFile("cp", ["-al", "--", `${from}/.`, `${to}/`], (error) => resolve(!error));
  }).then((ok) => (ok ? undefined : linkTree(from, to)));
}

// The copy is the slowest step of a partial build (3,000 folders and 6,000
// links for 1,000 events), so it is made ahead: once a build is done, a spare
// copy of it is prepared in the background, and the next partial build that
// starts from that build takes the spare (waiting for it if still being made)
// instead of copying. One spare at a time; a spare nobody takes is removed
// when the next one is prepared (and by the build service at start).

/** @type {Map<string, { spareDir: string, ready: Promise<string | undefined> }>} build folder → its spare */
const spares = new Map();
const SPARE_DELAY_MS = 50;

/** Resolves when no spare is being made. */
export async function sparesReady() {
  await Promise.all([...spares.values()].map((s) => s.ready));
}

/** Starts making a spare copy of `buildDir` at `spareDir` (outside any served folder). */
export function prepareSpare(buildDir, spareDir) {
  for (const [dir, entry] of spares) {
    spares.delete(dir);
    void entry.ready.then((made) => made && rm(made, { recursive: true, force: true }));
  }
  const ready = (async () => {
    // After the swap (a rename, a few ms after the build returns), not competing with it.
    await new Promise((r) => setTimeout(r, SPARE_DELAY_MS));
    await rm(spareDir, { recursive: true, force: true });
    await mkdir(spareDir, { recursive: true });
    await cloneFolder(buildDir, spareDir);
    return spareDir;
  })().catch(async () => {
    await rm(spareDir, { recursive: true, force: true }).catch(() => {});
    return undefined;
  });
  spares.set(path.resolve(buildDir), { spareDir, ready });
  return ready;
}

/** `to` (an empty folder) becomes a copy of `from`: the spare if there is one, else a new copy. */
async function startFrom(from, to) {
  const spare = spares.get(path.resolve(from));
  if (spare) {
    spares.delete(path.resolve(from));
    const made = await spare.ready;
    if (made) {
      // rename(2) onto an empty folder replaces it.
      await rename(made, to);
      return "spare";
    }
  }
  await cloneFolder(from, to);
  return "copy";
}

/** The files of one event in one locale. */
function eventFiles(locale, slug) {
  return [outputFile(paths.event(locale, slug)), paths.eventIcs(locale, slug)].map((p) => p.replace(/^\//, ""));
}

/**
 * @param {object} input
 * @param {import("./state.js").BuildState} input.previous
 * @param {string} input.previousDir
 * @param {string} input.outputDir   empty
 * @param {string[]} input.eventIds
 * @param {ReturnType<typeof import("./source.js").createSource>} input.source
 * @param {string} input.siteUrl
 * @param {Date} input.now
 * @returns {Promise<{ content: object, pagesWritten: number, filesWritten: number, filesRemoved: number, htmlChanges: { written: string[], removed: string[] }, changesAt: string[], timings: Record<string, number> }>}
 *   throws ContentError when a changed event is invalid
 */
export async function partialBuild({ previous, previousDir, outputDir, eventIds, source, siteUrl, now }) {
  const timings = {};
  let mark = performance.now();
  const lap = (name) => {
    const t = performance.now();
    timings[name] = Math.round(t - mark);
    mark = t;
  };
  const started = performance.now();
  const cloning = startFrom(previousDir, outputDir).then(
    (how) => {
      timings[how === "spare" ? "spare" : "clone"] = Math.round(performance.now() - started);
    },
    (error) => error,
  );
  try {
    const changes = await source.events(eventIds);
    lap("fetch");
    const content = mergeEvents(previous.content, changes);
    lap("validate");
    const views = Object.freeze(await buildViews(content, { siteUrl, now }));
    lap("models");
    const changed = new Set(eventIds);
    const partialViews = Object.freeze({ ...views, eventPages: views.eventPages.filter((ev) => changed.has(ev.id)) });
    const outputs = await renderToMemory({ source, siteUrl, now, content: async () => content, views: async () => partialViews });
    lap("render");

    const cloned = await cloning;
    if (cloned instanceof Error) throw cloned;
    lap("waitClone");
    // Pages of events that are gone or moved to another slug; a changed event keeping its slug is simply overwritten.
    const oldSlugs = new Map(previous.content.events.filter((e) => changed.has(e.id)).map((e) => [e.id, e.slug]));
    const newSlugs = new Map(content.events.filter((e) => changed.has(e.id)).map((e) => [e.id, e.slug]));
    const removed = [];
    for (const [id, slug] of oldSlugs) {
      if (newSlugs.get(id) === slug) continue;
      for (const { code } of locales) {
        for (const file of eventFiles(code, slug)) {
          await removeFile(path.join(outputDir, file), { removeEmptyParent: file.endsWith("index.html") });
          removed.push(file);
        }
      }
    }
    await Promise.all(outputs.map((o) => replaceFile(path.join(outputDir, o.file), o.content)));
    const mediaRemoved = await syncMedia(outputDir, views.usedMedia, source);
    lap("write");
    const html = (file) => file.endsWith(".html");
    return {
      content,
      pagesWritten: outputs.filter((o) => html(o.file)).length,
      filesWritten: outputs.length,
      filesRemoved: removed.length + mediaRemoved,
      // What changed among the HTML pages, so the build service need not walk 9,000 files to find out.
      htmlChanges: { written: outputs.map((o) => o.file).filter(html), removed: removed.filter(html) },
      changesAt: changeInstants(content, now),
      timings,
    };
  } finally {
    // Never leave the copy running into a folder the caller may be about to delete.
    await cloning;
  }
}

/** The media folder holds exactly the files the pages use, as after a full build. @returns removed count */
async function syncMedia(outputDir, usedMedia, source) {
  const dir = path.join(outputDir, "media");
  const present = new Set(await readdir(dir).catch(() => []));
  const wanted = new Map(usedMedia.map((m) => [path.basename(m.filename), m]));
  let removed = 0;
  for (const name of present) {
    if (!wanted.has(name)) {
      await removeFile(path.join(dir, name));
      removed += 1;
    }
  }
  for (const [name, media] of wanted) {
    if (!present.has(name)) await replaceFile(path.join(dir, name), await source.mediaFile(media));
  }
  if (wanted.size === 0 && present.size > 0) await rmdir(dir).catch(() => {});
  return removed;
}
