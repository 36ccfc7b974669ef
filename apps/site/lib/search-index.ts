import { createHash } from "node:crypto";
import { link, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import * as pagefind from "pagefind";

// The search index of a built site (issue 12), made by Pagefind's Node API. Pagefind runs as a
// child process (its own binary, from the @pagefind/<platform> package npm installs: nothing is
// downloaded at run time) and cannot update an index in place. So the index is split into shards,
// each a complete Pagefind bundle of a few hundred event pages of one language:
//
//   <outputDir>/shards.json     which shards exist (the search page reads it), with each one's content hash
//   <outputDir>/<locale>-<nn>/  one shard: the pages of that locale whose slug hashes to bucket nn
//
// A shard whose pages are byte for byte those of the previous index's same shard is not made
// again: its files are hard links to the previous one's (never rewritten, so the previous index
// keeps serving unchanged). A publish changes one event, so one shard per locale is made again;
// a rebuild of unchanged content makes none. The build service (apps/builder) makes the index
// after the build is live and swaps it in. Its own entry (@cica/site/search) so that indexing
// never loads Eleventy.

/** Where the site's pages expect the index: /pagefind/shards.json (src/browser/search.ts). */
export const SEARCH_INDEX_PATH = "pagefind";

/** The list of shards, next to them: the search page loads its language's and merges them. */
export const SHARD_MANIFEST = "shards.json";

/**
 * Shards of a locale with `pages` event pages: a power of two, so that each has 256 to 511 pages
 * (at most 32 shards). Pagefind's CPU time is ≈ 2 ms a page, so a shard takes about a second at
 * most; more shards cost the search page one small request each (merged indexes share the first
 * one's WebAssembly) and each shard writes Pagefind's own scripts again. The count changes only when
 * a locale's events double or halve; then every shard of it is made again, once.
 */
export function shardsPerLocale(pages: number): number {
  return 2 ** Math.min(5, Math.max(0, Math.floor(Math.log2(pages / 256))));
}

/** Parts of an event page that are not its content: sharing, calendar links, the "updated" line. */
const NOT_CONTENT = ["nav", "aside", ".share", ".actions", ".updated", ".qr"];

/** The attribute of an event page's <article>: what Pagefind indexes. */
const CONTENT_MARK = "data-pagefind-body";

/**
 * Part of every shard's hash: a change of Pagefind or of what it is told to leave out makes every
 * shard again, although the pages are the same.
 */
const INDEXER_VERSION = JSON.stringify({ pagefind: "1.5.2", excludeSelectors: NOT_CONTENT });

/** Shards made at once: Pagefind's service takes several indexes at a time, and the machine has 2 cores. */
const CONCURRENT_SHARDS = 2;

export interface ShardManifest {
  shards: {
    name: string;
    locale: string;
    pages: number;
    /** sha-256 of the indexed pages' paths and bytes (and of the indexer's settings). */
    hash: string;
    /** sha-256 of the pages' paths, inodes, sizes and modification times: the same files, unread. */
    files: string;
  }[];
}

export interface SearchIndexResult {
  /** Pages in the index (every locale). */
  pages: number;
  /** Pagefind's complaints; the index is written only when there are none. */
  errors: string[];
  durationMs: number;
  /** Shards taken unchanged from the previous index, and shards made again. */
  shards: { reused: number; rebuilt: number };
}

/**
 * Indexes a built site folder (read only) and writes the index to `outputDir` (made if missing).
 * `previousDir` is the index this one replaces, if any: its unchanged shards are reused.
 */
export async function indexSite({
  siteDir,
  outputDir,
  previousDir,
  shardCount = shardsPerLocale,
}: {
  siteDir: string;
  outputDir: string;
  previousDir?: string;
  /** How many shards a locale with that many event pages has (tests split a small site). */
  shardCount?: (pages: number) => number;
}): Promise<SearchIndexResult> {
  const started = performance.now();
  const shards = await eventPagesByShard(siteDir, shardCount);
  const previous = previousDir ? await readManifest(previousDir) : undefined;
  const previousShards = new Map(previous?.shards.map((s) => [s.name, s]));
  const manifest: ShardManifest = { shards: [] };
  const errors: string[] = [];
  const counts = { reused: 0, rebuilt: 0 };
  await mkdir(outputDir, { recursive: true });

  await withService(() =>
    eachAtOnce([...shards.values()], CONCURRENT_SHARDS, async (shard) => {
      const target = join(outputDir, shard.name);
      const before = previousDir ? previousShards.get(shard.name) : undefined;
      // A partial build's folder is a hard-linked copy of the live one: its untouched pages are the
      // very files the previous index was made from, known without reading them.
      const files = await filesFingerprint(siteDir, shard.paths);
      if (before && before.files === files && (await linkTree(join(previousDir!, shard.name), target))) {
        counts.reused += 1;
        manifest.shards.push(before);
        return;
      }
      const read = await Promise.all(
        shard.paths.map(async (path) => ({ path, content: await readFile(join(siteDir, path)).catch(() => undefined) })),
      );
      // Only pages that mark their content for Pagefind are indexed (Pagefind would skip the others).
      const pages = read.flatMap(({ path, content }) => (content?.includes(CONTENT_MARK) ? [{ path, content }] : []));
      if (pages.length === 0) return;
      const hash = shardHash(pages);
      await rm(target, { recursive: true, force: true });
      if (before?.hash === hash && (await linkTree(join(previousDir!, shard.name), target))) {
        counts.reused += 1;
      } else {
        await rm(target, { recursive: true, force: true });
        errors.push(...(await indexShard(pages, target)));
        counts.rebuilt += 1;
      }
      manifest.shards.push({ name: shard.name, locale: shard.locale, pages: pages.length, hash, files });
    }),
  );
  manifest.shards.sort((a, b) => a.name.localeCompare(b.name));
  // Written last: a folder without it is not a whole index.
  if (errors.length === 0) await writeFile(join(outputDir, SHARD_MANIFEST), JSON.stringify(manifest));
  return {
    pages: manifest.shards.reduce((sum, s) => sum + s.pages, 0),
    errors,
    durationMs: Math.round(performance.now() - started),
    shards: counts,
  };
}

interface Shard {
  name: string;
  locale: string;
  /** Event pages, relative to the site folder (Pagefind makes their URLs from these). */
  paths: string[];
}

/** Every event page (<locale>/events/<slug>/index.html) by shard (shardName). Other pages are not even read. */
async function eventPagesByShard(siteDir: string, shardCount: (pages: number) => number): Promise<Map<string, Shard>> {
  const shards = new Map<string, Shard>();
  for (const locale of await subfolders(siteDir)) {
    // Listing folders (events/year/…, events/country/…) have no page of their own at that level;
    // the paged listing (events/page/…) has, but it does not mark its content for Pagefind and so
    // is dropped when read. Not checked here: a stat of every page would cost as much as the listing.
    const slugs = await subfolders(join(siteDir, locale, "events"));
    const buckets = shardCount(slugs.length);
    for (const slug of slugs) {
      const page = join(locale, "events", slug, "index.html");
      const name = shardName(locale, slug, buckets);
      let shard = shards.get(name);
      if (!shard) shards.set(name, (shard = { name, locale, paths: [] }));
      shard.paths.push(page);
    }
  }
  for (const shard of shards.values()) shard.paths.sort();
  return shards;
}

/** The shard of an event page: its locale, and a stable hash of its slug, so it stays there from build to build. */
export function shardName(locale: string, slug: string, buckets: number): string {
  const bucket = createHash("sha1").update(slug).digest().readUInt32BE(0) % buckets;
  return `${locale}-${String(bucket).padStart(2, "0")}`;
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}

async function filesFingerprint(siteDir: string, paths: string[]): Promise<string> {
  const hash = createHash("sha256").update(INDEXER_VERSION);
  for (const path of paths) {
    const file = await stat(join(siteDir, path), { bigint: true }).catch(() => undefined);
    hash.update(file ? `\0${path}\0${file.ino}\0${file.size}\0${file.mtimeNs}` : `\0${path}\0-`);
  }
  return hash.digest("hex");
}

function shardHash(pages: { path: string; content: Buffer }[]): string {
  const hash = createHash("sha256").update(INDEXER_VERSION);
  for (const { path, content } of pages) hash.update(`\0${path}\0${content.length}\0`).update(content);
  return hash.digest("hex");
}

async function indexShard(pages: { path: string; content: Buffer }[], outputPath: string): Promise<string[]> {
  const created = await pagefind.createIndex({ excludeSelectors: NOT_CONTENT });
  const index = created.index;
  if (!index) return created.errors.length ? created.errors : ["pagefind: no index was created"];
  try {
    for (const { path, content } of pages) {
      // The pages were read once already, for the hash; Pagefind gets the same bytes.
      const added = await index.addHTMLFile({ sourcePath: path, content: content.toString("utf8") });
      if (added.errors.length) return added.errors;
    }
    const written = await index.writeFiles({ outputPath });
    return written.errors;
  } finally {
    await index.deleteIndex().catch(() => {});
  }
}

async function readManifest(indexDir: string): Promise<ShardManifest | undefined> {
  try {
    return JSON.parse(await readFile(join(indexDir, SHARD_MANIFEST), "utf8")) as ShardManifest;
  } catch {
    return undefined;
  }
}

/**
 * Gives `to` the files of `from` as hard links: no byte is copied or rewritten, and both indexes
 * keep working when either is removed. False when `from` is missing (then the shard is made).
 */
async function linkTree(from: string, to: string): Promise<boolean> {
  const entries = await readdir(from, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return false;
  await mkdir(to, { recursive: true });
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (!(await linkTree(join(from, entry.name), join(to, entry.name)))) return false;
    } else {
      await link(join(from, entry.name), join(to, entry.name));
    }
  }
  return true;
}

/** Runs `work` on every item, at most `limit` at a time. */
async function eachAtOnce<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

// Pagefind's service is one child process per Node process, shared by every index; it is closed
// once no index is being made, so a build service does not keep an idle 60 MB process.
let running = 0;
async function withService<T>(work: () => Promise<T>): Promise<T> {
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    if (running === 0) await pagefind.close().catch(() => {});
  }
}
