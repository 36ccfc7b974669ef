// What other workspaces' tests and benches use of the site's fixtures (`@cica/site/testing`).
export { sampleSnapshot, generatedSnapshot, SAMPLE_NOW } from "../fixtures/generate.js";
export { fakeCms } from "./fake-cms.js";
export { MEDIA_DIR } from "./build.js";
export { launchBrowser, CHROMIUM_PATH } from "./browser.js";
