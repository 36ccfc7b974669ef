// The site's programmatic API, for the publish pipeline (issue 5).
export { buildSite, DEFAULT_SITE_URL } from "./lib/build.js";
export { createSource, fetchSnapshot, cmsQueries } from "./lib/source.js";
export { ContentError, validateContent } from "./lib/content.js";
export { paths, outputFile } from "./lib/urls.js";
