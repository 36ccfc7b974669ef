import { performance } from "node:perf_hooks";
import * as pagefind from "pagefind";

// The search index of a built site (issue 12), made by Pagefind's Node API. Pagefind runs as a
// child process (its own binary, from the @pagefind/<platform> package npm installs: nothing is
// downloaded at run time) and cannot update an index in place, so every build gets a whole new
// index, written to a folder of its own; the build service (apps/builder) makes it after the
// build is live and swaps it in. Its own entry (@cica/site/search) so that indexing never loads
// Eleventy.

/** Where the site's pages expect the index: /pagefind/pagefind.js (src/browser/search.ts). */
export const SEARCH_INDEX_PATH = "pagefind";

/** Only event pages are indexed (their <article data-pagefind-body>); other pages are not even read. */
const EVENT_PAGES = "*/events/*/index.html";

/** Parts of an event page that are not its content: sharing, calendar links, the "updated" line. */
const NOT_CONTENT = ["nav", "aside", ".share", ".actions", ".updated", ".qr"];

export interface SearchIndexResult {
  /** Pages in the index (every locale). */
  pages: number;
  /** Pagefind's complaints; the index is written only when there are none. */
  errors: string[];
  durationMs: number;
}

/** Indexes a built site folder (read only) and writes the index to `outputDir` (made if missing). */
export async function indexSite({ siteDir, outputDir }: { siteDir: string; outputDir: string }): Promise<SearchIndexResult> {
  const started = performance.now();
  const result = (pages: number, errors: string[]) => ({ pages, errors, durationMs: Math.round(performance.now() - started) });
  return withService(async () => {
    const created = await pagefind.createIndex({ excludeSelectors: NOT_CONTENT });
    const index = created.index;
    if (!index) return result(0, created.errors.length ? created.errors : ["pagefind: no index was created"]);
    try {
      const added = await index.addDirectory({ path: siteDir, glob: EVENT_PAGES });
      if (added.errors.length) return result(added.page_count, added.errors);
      const written = await index.writeFiles({ outputPath: outputDir });
      return result(added.page_count, written.errors);
    } finally {
      await index.deleteIndex().catch(() => {});
    }
  });
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
