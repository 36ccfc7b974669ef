// @cica/builder: what `npm start`, the e2e tests and the benches use.
export { startSiteService, type SiteService, type SiteServiceOptions } from "./service.js";
export { createSiteBuild, type SiteBuildFunction } from "./site-build.js";
export type { BuildFunction, BuildInput, BuildOutcome, BuilderStatus } from "./builder.js";
export type { BuildRecord, Trigger } from "./store.js";
export { configFromEnv, ConfigError, DEV_BUILD_HOOK_SECRET, EX_CONFIG, MIN_SECRET_LENGTH } from "./config.js";
export { contentSecurityPolicy, securityHeaders, securityHeadersFor, serverConfig, WASM_PATH_PREFIXES } from "./headers.js";
export { DEFAULT_MIN_INTERVAL_MS } from "./queue.js";
export { createStaticServer, type SiteHandlerOptions } from "./static-server.js";
