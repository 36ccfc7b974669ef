#!/usr/bin/env node
// `node --import tsx apps/builder/src/main.ts` (or `npm start -w @cica/builder`):
// the build service and the static site server.
// Env: BUILDER_PORT (8090), SITE_PORT (8080), HOST, DATA_DIR (<repo>/.data), BUILD_HOOK_SECRET
// (dev-only default, refused in production), BUILD_HOOK_SECRET_PREVIOUS, CMS_URL,
// BUILD_REPORT_API_KEY, SITE_URL. README.md has the details.

import { configOrExit } from "./config.js";
import { startSiteService } from "./service.js";

const config = configOrExit("build service");

const service = await startSiteService({
  dataDir: config.dataDir,
  secret: config.secrets,
  builderPort: config.builderPort,
  sitePort: config.sitePort,
  host: config.host,
  cmsUrl: config.cmsUrl,
  siteUrl: config.siteUrl,
  reportApiKey: config.reportApiKey,
});

console.log(`Site service running.
  Static site:    ${service.siteUrl}/${config.siteUrl ? `   (public address: ${config.siteUrl})` : ""}
  Build service:  ${service.builderUrl}   (POST /hooks/publish, GET /status, POST /rollback, POST /rebuild)
  Site folder:    ${service.builder.store.livePath}
  Builds report to: ${config.cmsUrl ? `${config.cmsUrl}/api/builds` : "nowhere (CMS_URL not set)"}${
    config.devSecret ? "\n  BUILD_HOOK_SECRET: the dev-only default (never use it in production)" : ""
  }`);

let stopping = false;
async function shutdown(signal: NodeJS.Signals) {
  if (stopping) {
    console.log("Stopping now.");
    process.exit(1);
  }
  stopping = true;
  console.log(`${signal}: stopping the site service (a running build is allowed to finish; press again to force)…`);
  await service.stop();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
