import type { SiteCaches } from "./caches.js";
import { validateContent, type Content } from "./content.js";
import type { Source } from "./source.js";
import { buildViews, type Views } from "./view/index.js";

/**
 * One build's context: where its content comes from, for which address and
 * moment, the caches of the service it runs in, and its content loaded once,
 * validated once and turned into page models once. The templates read it as
 * the `cica` global (and the page models as `views`), so the CMS is asked once
 * per build however many templates there are.
 */
export interface BuildData {
  /** null when rendering from content already in memory (the draft preview). */
  source: Source | null;
  siteUrl: string;
  now: Date;
  caches: SiteCaches;
  content: () => Promise<Content>;
  views: () => Promise<Views>;
}

export function createBuildData({
  source,
  siteUrl,
  now,
  caches,
  previous,
}: {
  source: Source;
  siteUrl: string;
  now: Date;
  caches: SiteCaches;
  /** The live build's content: an event that cannot be built now keeps its version from there. */
  previous?: Content;
}): BuildData {
  let content: Promise<Content> | undefined;
  let views: Promise<Views> | undefined;
  const loadContent = () => (content ??= source.snapshot().then((snapshot) => validateContent(snapshot, previous)));
  return {
    source,
    siteUrl,
    now,
    caches,
    content: loadContent,
    // Frozen so Eleventy shares it between templates instead of deep-copying it.
    views: () => (views ??= loadContent().then(async (c) => Object.freeze(await buildViews(c, { siteUrl, now, caches })))),
  };
}

/** A build context over content and page models already made (partial builds, previews). */
export function preparedBuildData(fields: Omit<BuildData, "content" | "views">, content: Content, views: Views): BuildData {
  const frozen = Object.freeze(views);
  return { ...fields, content: async () => content, views: async () => frozen };
}
