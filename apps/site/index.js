// The site's programmatic API, used by the build service (@cica/builder).
export { buildSite, backgroundWork, DEFAULT_SITE_URL } from "./lib/build.js";
export { createPreviewRenderer, renderPreview } from "./lib/preview.js";
export { changeInstants } from "./lib/changes.js";
export { stateWritten } from "./lib/state.js";
export { createSource, fetchSnapshot, cmsQueries } from "./lib/source.js";
export { ContentError, validateContent } from "./lib/content.js";
export { paths, outputFile } from "./lib/urls.js";
