import type { UserConfig } from "@11ty/eleventy";
import { DEFAULT_SITE_URL } from "./lib/build.js";
import { processCaches } from "./lib/caches.js";
import { configure } from "./lib/config.js";
import { createBuildData } from "./lib/data.js";
import { createSource } from "./lib/source.js";

// The Eleventy CLI's configuration (`npm run eleventy -w @cica/site`, which runs
// Eleventy under the tsx loader): content from SNAPSHOT_FILE when set,
// otherwise from the CMS at CMS_URL. The programmatic build (lib/build.ts,
// `npm run build:site`) does not read this file.

// Dev-only default: the CMS's own development port.
const DEV_CMS_URL = "http://localhost:3000";

export default async function (eleventyConfig: UserConfig) {
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
    caches: processCaches,
  });
  // Loading here, before Eleventy writes anything, means invalid content stops the build with nothing written.
  await data.views();
  // The CLI writes only what Eleventy renders, so the events' .ics stay an Eleventy template here.
  const options = configure(eleventyConfig, data, { calendarsInEleventy: true });
  return { ...options, dir: { ...options.dir, output: "_site" } };
}
