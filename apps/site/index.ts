// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- Eleventy ships no types: this ambient declaration must reach every workspace that imports @cica/site
/// <reference path="./types/eleventy.d.ts" />
// @cica/site: the static site's programmatic API, for the build service
// (apps/builder), the benches and the tests.
export { buildSite, backgroundWork, DEFAULT_SITE_URL, type BuildOptions, type BuildResult } from "./lib/build.js";
export { SiteCaches, processCaches } from "./lib/caches.js";
export { changeInstants } from "./lib/changes.js";
export { compressFiles, COMPRESSED_EXTENSIONS } from "./lib/compress.js";
export { ContentError, validateContent, type Content } from "./lib/content.js";
export { renderPreview, createPreviewRenderer, type PreviewResult } from "./lib/preview.js";
export { createSource, fetchSnapshot, cmsQueries, type Source } from "./lib/source.js";
export { codeVersion, stateWritten, type BuildState } from "./lib/state.js";
export { paths, outputFile } from "./lib/urls.js";
export type { Trigger } from "./lib/partial.js";
