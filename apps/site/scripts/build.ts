#!/usr/bin/env -S node --import tsx
// `npm run build:site -w @cica/site`: builds the site into OUTPUT_DIR (default _site)
// from SNAPSHOT_FILE when set, otherwise from the CMS at CMS_URL.
// Invalid content prints the formatter's lines and exits 1 with nothing written.
import path from "node:path";
import { buildSite, DEFAULT_SITE_URL } from "../index.js";
import { indexSite, SEARCH_INDEX_PATH } from "../lib/search-index.js";

const DEV_CMS_URL = "http://localhost:3000"; // dev-only default: the CMS's development port
const snapshotFile = process.env.SNAPSHOT_FILE || undefined;
const outputDir = path.resolve(process.env.OUTPUT_DIR || "_site");
const result = await buildSite({
  snapshotFile,
  cmsUrl: process.env.CMS_URL || (snapshotFile ? undefined : DEV_CMS_URL),
  mediaDir: process.env.MEDIA_DIR || undefined,
  outputDir,
  siteUrl: process.env.SITE_URL || DEFAULT_SITE_URL,
  now: process.env.BUILD_NOW ? new Date(process.env.BUILD_NOW) : undefined,
});
if (result.ok) {
  console.log(`Built ${result.pagesWritten} pages (${result.filesWritten} files) into ${outputDir} in ${result.durationMs} ms`);
  // The search index, as the build service makes it after each swap (here the folder is not live yet).
  const search = await indexSite({ siteDir: outputDir, outputDir: path.join(outputDir, SEARCH_INDEX_PATH) });
  if (search.errors.length) {
    console.error(`The search index was not made:\n  ${search.errors.join("\n  ")}`);
    process.exitCode = 1;
  } else {
    console.log(`Indexed ${search.pages} pages for search in ${search.durationMs} ms`);
  }
} else {
  console.error(`The site was not built:\n  ${result.errors.join("\n  ")}`);
  process.exitCode = 1;
}
