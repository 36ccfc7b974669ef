import { configure } from "./lib/config.js";
import { createBuildData } from "./lib/data.js";
import { DEFAULT_SITE_URL } from "./lib/build.js";
import { createSource } from "./lib/source.js";

// `npx eleventy` (and `npm run build:site`): content from SNAPSHOT_FILE when set,
// otherwise from the CMS at CMS_URL. The programmatic build (lib/build.js) does
// not read this file.

// Dev-only default: the CMS's own development port.
const DEV_CMS_URL = "http://localhost:3000";

export default async function (eleventyConfig) {
  const snapshotFile = process.env.SNAPSHOT_FILE || undefined;
  const source = createSource({
    snapshotFile,
    cmsUrl: snapshotFile ? process.env.CMS_URL || undefined : process.env.CMS_URL || DEV_CMS_URL,
    mediaDir: process.env.MEDIA_DIR || undefined,
  });
  const data = createBuildData({
    source,
    siteUrl: process.env.SITE_URL || DEFAULT_SITE_URL,
    now: process.env.BUILD_NOW ? new Date(process.env.BUILD_NOW) : new Date(),
  });
  // Loading here, before Eleventy writes anything, means invalid content stops the build with nothing written.
  await data.views();
  const options = await configure(eleventyConfig, data);
  return { ...options, dir: { ...options.dir, output: "_site" } };
}
