import { validateContent } from "./content.js";
import { buildViews } from "./view.js";

/**
 * One build's data: the source, loaded once, validated once, turned into page
 * models once. Every `_data` file and the build function read through this, so
 * the CMS is asked once per build however many templates there are.
 */
export function createBuildData({ source, siteUrl, now }) {
  let content;
  let views;
  return {
    source,
    siteUrl,
    now,
    content: () => (content ??= source.snapshot().then(validateContent)),
    // Frozen so Eleventy shares it between templates instead of deep-copying it.
    views: () => (views ??= (content ??= source.snapshot().then(validateContent)).then((c) => buildViews(c, { siteUrl, now })).then(Object.freeze)),
  };
}
