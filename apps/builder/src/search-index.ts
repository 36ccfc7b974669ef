// The search index (issue 12), made after each build goes live. Pagefind cannot update an index
// in place and indexing thousands of pages takes seconds, so the pages are swapped in first and the
// index follows:
//
//   <DATA_DIR>/site/search/<build id>/      the index of that build (Pagefind's files), never changed once made
//   <DATA_DIR>/site/builds/<id>/pagefind    a symlink → ../../search/<build id>: the index served with build <id>
//
// A new build folder starts with the live build's link (a partial build's copy carries it; a full
// build gets it from carryOver just before its swap), so search keeps answering from the previous
// index until the new one is ready; then the link is replaced with one rename(2), like the live
// symlink. A failed index changes nothing: the pages stay live with the index they had. Index
// folders that no kept build links to are removed.

import { randomBytes } from "node:crypto";
import { mkdir, readdir, readlink, rename, rm, stat, symlink } from "node:fs/promises";
import { basename, join } from "node:path";
import { errorCode, type BuildStore } from "./store.js";

/** The name of the link in a build folder: the search page loads /pagefind/shards.json and the shards beside it. */
export const INDEX_LINK = "pagefind";

/**
 * Makes the index of the site in `siteDir` into `outputDir` (@cica/site/search's indexSite).
 * `previousDir` is the index the build's pages are served with until then: parts of it whose pages
 * did not change may be reused (hard links; it is never written to).
 */
export type IndexFunction = (input: { siteDir: string; outputDir: string; previousDir?: string }) => Promise<{
  pages: number;
  errors: string[];
  /** Shards taken unchanged from the previous index, and shards made again. */
  shards?: { reused: number; rebuilt: number };
}>;

type MadeIndex = { pages: number; durationMs: number; shards?: { reused: number; rebuilt: number } };

export type SearchIndexStatus = {
  /** The index served with the live pages: which build's pages it holds, and since when. */
  live: ({ build: string; indexedAt: string } & Partial<MadeIndex>) | null;
  /** An index being made now. */
  running: { build: string; since: string } | null;
  /** The last attempt, when it failed (the live index is then an older build's). */
  failed: { build: string; at: string; errors: string[] } | null;
};

export class SearchIndexer {
  readonly store: BuildStore;
  readonly index: IndexFunction;
  readonly log: (line: string) => void;
  readonly searchDir: string;
  #running: { build: string; since: string; done: Promise<void> } | null = null;
  /** The newest live build still waiting for its index (older ones are skipped: their pages are gone). */
  #waiting: string | null = null;
  #failed: SearchIndexStatus["failed"] = null;
  #made = new Map<string, MadeIndex>();
  #stopped = false;

  constructor({ store, index, log = () => {} }: { store: BuildStore; index: IndexFunction; log?: (line: string) => void }) {
    this.store = store;
    this.index = index;
    this.log = log;
    this.searchDir = join(store.siteDir, "search");
  }

  /** Clears half-written indexes, and indexes the live build if a crash or an upgrade left it without its own. */
  async init(): Promise<void> {
    await mkdir(this.searchDir, { recursive: true });
    for (const name of await readdir(this.searchDir)) {
      if (name.includes(".tmp-")) await rm(join(this.searchDir, name), { recursive: true, force: true });
    }
    const live = await this.store.liveBuildId();
    if (live && (await this.#linkedIndex(live)) !== live) this.schedule(live);
  }

  /**
   * Gives a build folder about to go live the live build's index, so its pages never go live
   * without search (a partial build's copy has it already). Never fails the build.
   */
  async carryOver(liveBefore: string | null, buildId: string): Promise<void> {
    if (!liveBefore) return;
    try {
      const target = await readlink(join(this.store.buildDir(liveBefore), INDEX_LINK)).catch(() => undefined);
      // Replaced even when the folder has a link: a partial build's copy may predate the live build's own index.
      if (target) await this.#link(buildId, target);
    } catch (error) {
      this.log(`search index: could not carry the live index over to ${buildId}: ${messageOf(error)}`);
    }
  }

  /** Points build `id`'s index link at `target` with one rename(2): requests see the old index or the new. */
  async #link(id: string, target: string): Promise<void> {
    const buildDir = this.store.buildDir(id);
    const link = join(buildDir, `${INDEX_LINK}.tmp-${randomBytes(3).toString("hex")}`);
    await symlink(target, link, "dir");
    try {
      await rename(link, join(buildDir, INDEX_LINK));
    } catch (error) {
      await rm(link, { force: true });
      throw error;
    }
  }

  /** Makes the index of a build that has just gone live; one at a time, only the newest waits. */
  schedule(buildId: string): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#waiting = buildId;
      return;
    }
    const since = new Date().toISOString();
    const done = this.#make(buildId).finally(() => {
      this.#running = null;
      const next = this.#waiting;
      this.#waiting = null;
      if (next) this.schedule(next);
    });
    this.#running = { build: buildId, since, done };
  }

  /** Resolves when no index is being made or waiting. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running.done;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#waiting = null;
    await this.idle();
  }

  async status(): Promise<SearchIndexStatus> {
    const live = await this.store.liveBuildId();
    const indexed = live ? await this.#linkedIndex(live) : undefined;
    let liveIndex: SearchIndexStatus["live"] = null;
    if (indexed) {
      const made = this.#made.get(indexed);
      const indexedAt = await stat(join(this.searchDir, indexed)).then(
        (s) => s.mtime.toISOString(),
        () => undefined,
      );
      if (indexedAt) liveIndex = { build: indexed, indexedAt, ...made };
    }
    return {
      live: liveIndex,
      running: this.#running ? { build: this.#running.build, since: this.#running.since } : null,
      failed: this.#failed,
    };
  }

  /** The build whose index the live pages are served with (the public status). */
  async liveIndex(): Promise<string | null> {
    const live = await this.store.liveBuildId();
    return (live && (await this.#linkedIndex(live))) || null;
  }

  async #make(buildId: string): Promise<void> {
    const started = Date.now();
    const temp = join(this.searchDir, `${buildId}.tmp-${randomBytes(3).toString("hex")}`);
    const final = join(this.searchDir, buildId);
    try {
      const buildDir = this.store.buildDir(buildId);
      // A rollback to a build that was indexed: its own index is still linked.
      const linked = await this.#linkedIndex(buildId);
      if (linked === buildId && (await exists(final))) return;
      // The index carried over from the live build: its unchanged shards are reused, not made again.
      const previousDir = linked ? join(this.searchDir, linked) : undefined;
      const result = await this.index({ siteDir: buildDir, outputDir: temp, previousDir });
      if (result.errors.length) throw new Error(result.errors.join("; "));
      await rm(final, { recursive: true, force: true });
      await rename(temp, final);
      // The build may have been pruned while it was indexed; then there is nothing to link.
      await stat(buildDir);
      await this.#link(buildId, join("..", "..", "search", buildId));
      const durationMs = Date.now() - started;
      this.#made.set(buildId, { pages: result.pages, durationMs, ...(result.shards && { shards: result.shards }) });
      this.#failed = null;
      const shards = result.shards ? ` (shards: ${result.shards.rebuilt} made, ${result.shards.reused} reused)` : "";
      this.log(`search index of ${buildId} is live: ${result.pages} pages, ${durationMs} ms after its build went live${shards}`);
    } catch (error) {
      await rm(temp, { recursive: true, force: true }).catch(() => {});
      if (await exists(this.store.buildDir(buildId))) {
        this.#failed = { build: buildId, at: new Date().toISOString(), errors: [messageOf(error)] };
        this.log(`search index of ${buildId} FAILED; search keeps the previous index: ${messageOf(error)}`);
      } else {
        // Not a failure: newer builds replaced it and it was removed while it was indexed; the newest is indexed next.
        this.log(`search index of ${buildId} skipped: the build was removed while it was indexed`);
      }
    }
    await this.prune().catch((error: unknown) => this.log(`search index: could not remove old indexes: ${messageOf(error)}`));
  }

  /** Removes the index folders no kept build links to (a build's own, or one carried over). */
  async prune(): Promise<string[]> {
    const linked = new Set<string>();
    for (const id of await this.store.buildFolders()) {
      const index = await this.#linkedIndex(id);
      if (index) linked.add(index);
    }
    if (this.#running) linked.add(this.#running.build);
    const removed: string[] = [];
    for (const name of await readdir(this.searchDir)) {
      if (linked.has(name) || name.includes(".tmp-")) continue;
      await rm(join(this.searchDir, name), { recursive: true, force: true });
      removed.push(name);
    }
    this.#made.forEach((_, id) => linked.has(id) || this.#made.delete(id));
    return removed;
  }

  /** The build whose index build `id`'s folder links to, if any. */
  async #linkedIndex(id: string): Promise<string | undefined> {
    try {
      return basename(await readlink(join(this.store.buildDir(id), INDEX_LINK)));
    } catch (error) {
      if (errorCode(error) === "ENOENT" || errorCode(error) === "EINVAL") return undefined;
      throw error;
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
