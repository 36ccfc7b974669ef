// @cica/builder: what `npm start`, the e2e tests and the benches use.
export { startSiteService, type SiteService, type SiteServiceOptions } from "./service.ts";
export { createSiteBuild, type SiteBuildFunction } from "./site-build.ts";
export type { BuildFunction, BuildInput, BuildOutcome, BuilderStatus } from "./builder.ts";
export type { BuildRecord, Trigger } from "./store.ts";
export { configFromEnv, ConfigError, DEV_BUILD_HOOK_SECRET, EX_CONFIG, MIN_SECRET_LENGTH } from "./config.ts";
export { contentSecurityPolicy, securityHeaders, securityHeadersFor, serverConfig, WASM_PATH_PREFIXES } from "./headers.ts";
