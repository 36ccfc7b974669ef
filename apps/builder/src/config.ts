// @ts-check
// Configuration of the build service and static server, from the environment.

import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** DEV ONLY: signs notices on a developer machine. Refused when NODE_ENV=production. */
export const DEV_BUILD_HOOK_SECRET = "dev-only-build-hook-secret-change-me";

/**
 * @typedef {object} ServiceConfig
 * @property {number} builderPort  BUILDER_PORT, default 8090 (0 = any free port)
 * @property {number} sitePort     SITE_PORT, default 8080 (0 = any free port)
 * @property {string | undefined} host  HOST to listen on; all interfaces by default
 * @property {string} dataDir      DATA_DIR, default <repo>/.data
 * @property {string} secret       BUILD_HOOK_SECRET
 * @property {string[]} secrets    BUILD_HOOK_SECRET then BUILD_HOOK_SECRET_PREVIOUS (for rotation)
 * @property {boolean} devSecret   true when the dev-only default is in use
 * @property {string | undefined} cmsUrl        CMS_URL, where builds are reported
 * @property {string | undefined} reportApiKey  BUILD_REPORT_API_KEY (Payload API key); HMAC-signed otherwise
 * @property {string | undefined} siteUrl       SITE_URL, the public address (printed, passed to the build)
 */

/**
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {ServiceConfig}
 */
export function configFromEnv(env = process.env) {
  const production = env.NODE_ENV === "production";
  const secret = env.BUILD_HOOK_SECRET || DEV_BUILD_HOOK_SECRET;
  const devSecret = secret === DEV_BUILD_HOOK_SECRET;
  if (production && devSecret) {
    throw new Error(
      "BUILD_HOOK_SECRET is not set (or is the dev-only default) and NODE_ENV=production: " +
        "set BUILD_HOOK_SECRET to a long random value shared with the CMS.",
    );
  }
  if (production && secret.length < 32) {
    throw new Error("BUILD_HOOK_SECRET must be at least 32 characters when NODE_ENV=production.");
  }
  return {
    builderPort: port(env, "BUILDER_PORT", 8090),
    sitePort: port(env, "SITE_PORT", 8080),
    host: env.HOST || undefined,
    dataDir: resolve(env.DATA_DIR || join(repoRoot, ".data")),
    secret,
    secrets: [secret, env.BUILD_HOOK_SECRET_PREVIOUS].filter(/** @returns {s is string} */ (s) => typeof s === "string" && s.length > 0),
    devSecret,
    cmsUrl: env.CMS_URL || undefined,
    reportApiKey: env.BUILD_REPORT_API_KEY || undefined,
    siteUrl: env.SITE_URL || undefined,
  };
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @param {string} name
 * @param {number} fallback
 */
function port(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${name} must be a port number (0–65535), got "${raw}"`);
  }
  return value;
}

/** Kept in step with localeCodes in packages/schema/src/locales.ts (a test checks it); copied
 * because the schema's compiled dist/ is a build artefact the service must not need to start. */
export const LOCALES = /** @type {const} */ (["en", "ru", "zh"]);
export const DEFAULT_LOCALE = "en";
