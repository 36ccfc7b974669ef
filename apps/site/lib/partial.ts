import type { Dirent } from "node:fs";
import { readdir, rmdir } from "node:fs/promises";
import path from "node:path";
import { locales, type BuildFailure, type LocaleCode, type Media, type BuildTrigger } from "@cica/schema";
import type { SiteCaches } from "./caches.js";
import { changeInstants } from "./changes.js";
import { compressFiles, removeCompressed } from "./compress.js";
import { mergeEvents, type Content } from "./content.js";
import { preparedBuildData } from "./data.js";
import { renderToMemory } from "./render.js";
import type { Source } from "./source.js";
import type { BuildState } from "./state.js";
import { removeFile, replaceFile } from "./tree.js";
import { LISTING_FILE, outputFile, paths } from "./urls.js";
import { eventsShowing, mediaReferences, mergeMedia } from "./media-changes.js";
import { mediaFileName, mediaFiles } from "./view/image.js";
import { buildViews, type IndexPage } from "./view/index.js";
import { eventSitemapChunk, type SitemapChunk } from "./view/seo.js";

// A partial build: the previous build's folder and content, with a few events
// changed. Only what those events touch is rendered — their pages and .ics in
// every locale (or their removal), the home pages, the listing pages whose
// model changed, feeds, calendars, the sitemap index and the sitemap chunks
// of the changed events' months — and everything else is carried over from the
// previous folder by hard links. The result is the same, byte for byte, as a
// full build of the same content (test/partial.test.ts builds both and
// compares every file); anything this cannot vouch for is a full build.

/**
 * Event operations a partial build handles; anything else rebuilds the whole site. "schedule" (a
 * scheduled publish firing) is a publish: the event is fetched by id either way, and a draft or a
 * 404 takes it off the site, so the operation only has to say "this one event changed".
 */
export const PARTIAL_OPERATIONS = new Set(["publish", "update", "unpublish", "delete", "schedule"]);

/** Media operations a partial build handles (the CMS notifies only changes to media a published event shows). */
export const MEDIA_PARTIAL_OPERATIONS = new Set(["update"]);

/** The build service scheduler's cause (apps/builder/src/service.ts): a `changesAt` instant passed. */
export const isTimeTrigger = (trigger: Pick<Trigger, "collection" | "operation">): boolean =>
  trigger.collection === "_schedule" && trigger.operation === "time";

/**
 * Events whose own pages time has made stale since the previous build: an event leaves
 * "forthcoming" one millisecond after its end (lib/changes.ts), which changes its page and the
 * listings — no other page. A partial build renders them again; their content is as before, so
 * nothing is fetched for them. Null when an instant passed that no event explains (the banner
 * expired: every page shows it).
 */
export function staleEventIds(previous: BuildState, now: Date): string[] | null {
  const passed = new Set((previous.changesAt ?? []).filter((instant) => Date.parse(instant) <= now.getTime()));
  if (passed.size === 0) return [];
  const since = new Date(Date.parse(previous.builtAt));
  const stale: string[] = [];
  const explained = new Set<string>();
  for (const event of previous.content.events) {
    const [instant] = changeInstants({ events: [event] }, since);
    if (instant && passed.has(instant)) {
      stale.push(event.id);
      explained.add(instant);
    }
  }
  return explained.size === passed.size ? stale : null;
}

/** What changed since the previous build, as the build service passes it (the notice's triggers). */
export type Trigger = Pick<BuildTrigger, "collection" | "id" | "operation"> & Partial<BuildTrigger>;

/** Why this build must be a full one, or undefined when it can extend the previous build. */
export function fullBuildReason({
  triggers,
  previous,
  code,
  siteUrl,
  now,
}: {
  triggers?: readonly Trigger[];
  previous?: BuildState;
  code: string;
  siteUrl: string;
  now: Date;
}): string | undefined {
  if (!triggers?.length) return "no notice to build from (first build or manual rebuild)";
  for (const trigger of triggers) {
    if (isTimeTrigger(trigger)) continue; // what time changed is found below, from the previous build's content
    const operations = trigger.operations?.length ? trigger.operations : [trigger.operation];
    if (trigger.collection === "media") {
      // A changed image or document re-renders the events showing it; a deleted one is a full build's to report.
      const other = operations.find((op) => !MEDIA_PARTIAL_OPERATIONS.has(op));
      if (other) return `operation "${other}" on media/${trigger.id}`;
      continue;
    }
    if (trigger.collection !== "events") return `${trigger.collection}/${trigger.id} changed (${trigger.operation})`;
    const other = operations.find((op) => !PARTIAL_OPERATIONS.has(op));
    if (other) return `operation "${other}" on events/${trigger.id}`;
  }
  if (!previous) return "no content kept from a previous build";
  if (previous.code !== code) return "the site's templates or code changed since the previous build";
  if (previous.siteUrl !== siteUrl) return `the site address changed (${previous.siteUrl} → ${siteUrl})`;
  const builtAt = Date.parse(previous.builtAt);
  if (!Number.isFinite(builtAt) || builtAt > now.getTime()) return "the previous build's time is unknown or in the future";
  // Its carried-over pages say "forthcoming" or show the banner as of builtAt. Events that have left
  // "forthcoming" since are rendered again (staleEventIds); anything else that changed makes every page stale.
  if (staleEventIds(previous, now) === null) {
    const stale = (previous.changesAt ?? []).find((instant) => Date.parse(instant) <= now.getTime());
    return `time moved on since the previous build (the banner expired at ${stale})`;
  }
  return undefined;
}

/** The files of one event in one locale. */
function eventFiles(locale: LocaleCode, slug: string): string[] {
  return [outputFile(paths.event(locale, slug)), paths.eventIcs(locale, slug)].map((p) => p.replace(/^\//, ""));
}

export interface PartialBuildInput {
  previous: BuildState;
  previousDir: string;
  /** Empty. */
  outputDir: string;
  eventIds: string[];
  /** Media documents that changed: the events showing them are rendered again. */
  mediaIds?: string[];
  /** Events whose content did not change but whose pages time made stale (staleEventIds): rendered again, not fetched. */
  staleIds?: string[];
  source: Source;
  siteUrl: string;
  now: Date;
  caches: SiteCaches;
}

export interface PartialBuildResult {
  content: Content;
  pagesWritten: number;
  filesWritten: number;
  filesRemoved: number;
  /** What changed among the HTML pages, so the build service need not walk 9,000 files to find out. */
  htmlChanges: { written: string[]; removed: string[] };
  changesAt: string[];
  /** Every failure still open: the previous build's that this one did not touch, and the changed events'. */
  failures: BuildFailure[];
  timings: Record<string, number>;
}

/**
 * Extends the previous build by the changed events. A changed event that cannot be built keeps its
 * previous version (or stays off) and is listed in `failures`; a reference that does not resolve throws
 * ContentError (`references`), for a full build to decide.
 */
export async function partialBuild({
  previous,
  previousDir,
  outputDir,
  eventIds,
  mediaIds = [],
  staleIds = [],
  source,
  siteUrl,
  now,
  caches,
}: PartialBuildInput): Promise<PartialBuildResult> {
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const t = performance.now();
    timings[name] = Math.round(t - mark);
    mark = t;
  };
  const started = performance.now();
  const cloning = caches.spares.startFrom(previousDir, outputDir).then(
    (how) => {
      timings[how === "spare" ? "spare" : "clone"] = Math.round(performance.now() - started);
    },
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  try {
    const changes = await source.events(eventIds);
    // The changed media, and any a changed event now shows that the previous build did not have.
    const knownMedia = new Set(previous.content.media.map((m) => m.id));
    const wantedMedia = new Set(mediaIds);
    for (const doc of changes.values()) for (const id of mediaReferences(doc)) if (!knownMedia.has(id)) wantedMedia.add(id);
    const mediaDocs = await source.media([...wantedMedia]);
    lap("fetch");
    const content = mergeEvents(mergeMedia(previous.content, mediaDocs), changes);
    lap("validate");
    const views = Object.freeze(await buildViews(content, { siteUrl, now, caches }));
    lap("models");
    const changed = new Set([...eventIds, ...eventsShowing(content, new Set(mediaIds))]);
    const rendered = new Set([...changed, ...staleIds]);
    // Listing pages whose model is the previous build's are carried over (the same model through the same
    // templates gives the same bytes): an edited event re-renders its index, year and country pages, not all 900.
    const indexPages = await changedListings(previous, views.indexPages, { siteUrl, caches }, content);
    const partialViews = {
      ...views,
      eventPages: views.eventPages.filter((ev) => rendered.has(ev.id)),
      indexPages,
      sitemapChunks: changedSitemapChunks(views.sitemapChunks, [previous.content, content], rendered),
    };
    const outputs = await renderToMemory(preparedBuildData({ source, siteUrl, now, caches }, content, partialViews));
    lap("render");

    const cloned = await cloning;
    if (cloned instanceof Error) throw cloned;
    lap("waitClone");
    // Pages of events that are gone or moved to another slug; a changed event keeping its slug is simply overwritten.
    const oldSlugs = new Map(previous.content.events.filter((e) => changed.has(e.id)).map((e) => [e.id, e.slug]));
    const newSlugs = new Map(content.events.filter((e) => changed.has(e.id)).map((e) => [e.id, e.slug]));
    const removed: string[] = [];
    for (const [id, slug] of oldSlugs) {
      if (newSlugs.get(id) === slug) continue;
      for (const { code } of locales) {
        for (const file of eventFiles(code, slug)) {
          // Its compressed copies first, so that the folder is empty when the page goes.
          await removeCompressed([path.join(outputDir, file)]);
          await removeFile(path.join(outputDir, file), { removeEmptyParent: file.endsWith("index.html") });
          removed.push(file);
        }
      }
    }
    await Promise.all(outputs.map((o) => replaceFile(path.join(outputDir, o.file), o.content)));
    // Listing pages no longer made (a year, a country or a last page that is now empty), and sitemap chunks.
    removed.push(...(await removeStaleListings(outputDir, new Set(views.indexPages.map((p) => outputFile(p.url).slice(1))))));
    removed.push(...(await removeStaleSitemapChunks(outputDir, new Set(views.sitemapChunks.map((c) => c.url.slice(1))))));
    const mediaRemoved = await syncMedia(outputDir, views.usedMedia, source, new Set(mediaIds));
    lap("write");
    // The rewritten files' compressed copies are made again (the removed files' went with them).
    await compressFiles(outputs.map((o) => path.join(outputDir, o.file)));
    lap("compress");
    const html = (file: string) => file.endsWith(".html");
    return {
      content,
      pagesWritten: outputs.filter((o) => html(o.file)).length,
      filesWritten: outputs.length,
      filesRemoved: removed.length + mediaRemoved,
      // What changed among the HTML pages, so the build service need not walk 9,000 files to find out.
      htmlChanges: { written: outputs.map((o) => o.file).filter(html), removed: removed.filter(html) },
      changesAt: changeInstants(content, now),
      failures: [...content.failures, ...views.failures],
      timings,
    };
  } finally {
    // Never leave the copy running into a folder the caller may be about to delete.
    await cloning;
  }
}

/** Cards' JSON by card: a card is the same object while its event page is (view/listings.ts), and never changes. */
const cardKeys = new WeakMap<object, string>();

function cardKey(card: object): string {
  let key = cardKeys.get(card);
  if (key === undefined) cardKeys.set(card, (key = JSON.stringify(card)));
  return key;
}

/**
 * What a listing page's model says, without the chrome: the same key, the same bytes. Its cards (most of
 * it: 50 events a page, 15,000 cards over the listings at 5,000 events) by their kept JSON.
 */
function listingKeys(pages: readonly IndexPage[]): Map<string, string> {
  return new Map(
    pages.map(({ chrome: _chrome, upcoming, past, ...page }) => [
      page.url,
      [
        JSON.stringify(page),
        upcoming ? upcoming.map(cardKey).join(",") : "-",
        past ? past.map((group) => `${group.year ?? ""}:${group.events.map(cardKey).join(",")}`).join(";") : "-",
      ].join("|"),
    ]),
  );
}

/**
 * Keeps the listing pages' keys of a build for the next partial build, which compares its own with them
 * (instead of making the previous build's page models again: that was as much work as making its own).
 */
export function rememberListings(caches: SiteCaches, content: Content, pages: readonly IndexPage[]): void {
  caches.listingKeys.set(content, listingKeys(pages));
}

/**
 * The listing pages whose model differs from the previous build's at the same address (or that are new).
 * Both builds share the chrome (only event triggers make a partial build, and no changesAt instant has
 * passed), so the page's own fields decide. The previous build's keys are kept in the caches, found by its
 * content; a service that has not kept them (a restart) makes its models again, as of the previous build,
 * so that what time changed since shows as a change.
 */
async function changedListings(
  previous: BuildState,
  after: readonly IndexPage[],
  { siteUrl, caches }: { siteUrl: string; caches: SiteCaches },
  content: Content,
): Promise<IndexPage[]> {
  const before =
    caches.listingKeys.get(previous.content) ??
    listingKeys((await buildViews(previous.content, { siteUrl, now: new Date(previous.builtAt), caches })).indexPages);
  const keys = listingKeys(after);
  caches.listingKeys.set(content, keys);
  return after.filter((p) => before.get(p.url) !== keys.get(p.url));
}

/**
 * The sitemap chunks a partial build writes: the listings' (small, and whichever listings changed), and
 * the month chunks of the events it renders, as they were and as they are. An event's entry depends only on
 * the event (its slug, translations and updatedAt), so no other chunk can have changed.
 */
function changedSitemapChunks(
  chunks: readonly SitemapChunk[],
  contents: readonly Content[],
  rendered: ReadonlySet<string>,
): SitemapChunk[] {
  const names = new Set(["pages"]);
  for (const { events } of contents) for (const event of events) if (rendered.has(event.id)) names.add(eventSitemapChunk(event.startsAt));
  return chunks.filter((chunk) => names.has(chunk.name));
}

/** Removes the sitemap chunks of the copied folder that this build no longer makes (a month with no event left); returns them. */
async function removeStaleSitemapChunks(outputDir: string, wanted: ReadonlySet<string>): Promise<string[]> {
  const dir = path.dirname(paths.sitemapChunk("x")).slice(1);
  const stale = (await readdir(path.join(outputDir, dir)).catch((): string[] => []))
    .filter((name) => name.endsWith(".xml"))
    .map((name) => `${dir}/${name}`)
    .filter((file) => !wanted.has(file));
  for (const file of stale) {
    await removeCompressed([path.join(outputDir, file)]);
    await removeFile(path.join(outputDir, file));
  }
  return stale;
}

/** Removes the listing pages (urls.ts LISTING_FILE) of the copied folder that this build no longer makes; returns them. */
async function removeStaleListings(outputDir: string, wanted: ReadonlySet<string>): Promise<string[]> {
  const stale: string[] = [];
  for (const { code } of locales) {
    for (const kind of ["page", "year", "country"]) {
      const dir = path.join(outputDir, code, "events", kind);
      const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((): Dirent[] => []);
      for (const entry of entries) {
        const file = path.relative(outputDir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/");
        if (entry.isFile() && LISTING_FILE.test(file) && !wanted.has(file)) stale.push(file);
      }
    }
  }
  for (const file of stale) {
    // Its compressed copies first, so that the folder is empty when the page goes.
    await removeCompressed([path.join(outputDir, file)]);
    await removeFile(path.join(outputDir, file), { removeEmptyParent: true });
  }
  // Folders left empty above them ("year/2021/page/", "year/2021/"), deepest first, as a full build would not have them.
  const parents = new Set(stale.flatMap((file) => [path.dirname(path.dirname(file)), path.dirname(path.dirname(path.dirname(file)))]));
  for (const dir of [...parents].sort((a, b) => b.length - a.length)) {
    if (/^[a-z]{2}\/events\/(?:page|year|country)\//.test(`${dir}/`)) await rmdir(path.join(outputDir, dir)).catch(() => {});
  }
  return stale;
}

/** The media folder holds exactly the files the pages use, as after a full build. Returns how many files it removed. */
async function syncMedia(outputDir: string, usedMedia: readonly Media[], source: Source, changed: ReadonlySet<string>): Promise<number> {
  const dir = path.join(outputDir, "media");
  const present = new Set(await readdir(dir).catch((): string[] => []));
  const wanted = new Map(usedMedia.flatMap(mediaFiles).map((file) => [mediaFileName(file), file]));
  let removed = 0;
  for (const name of present) {
    if (!wanted.has(name)) {
      await removeFile(path.join(dir, name));
      removed += 1;
    }
  }
  for (const [name, media] of wanted) {
    // A changed media document may keep a file name with new bytes: its files are fetched again.
    if (!present.has(name) || changed.has(media.id)) await replaceFile(path.join(dir, name), await source.mediaFile(media));
  }
  if (wanted.size === 0 && present.size > 0) await rmdir(dir).catch(() => {});
  return removed;
}
