// Configuration of the build service and static server, from the environment.
// A refused configuration is a ConfigError, which main.ts turns into exit code 78
// (EX_CONFIG) before anything listens: a supervisor treats that as fatal.

import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * DEV ONLY: signs notices on a developer machine; the same value as the CMS's
 * apps/cms/src/lib/devDefaults.json (a test checks it). Refused in production,
 * even when set explicitly.
 */
export const DEV_BUILD_HOOK_SECRET = "dev-only-build-hook-secret-change-me";
/** HMAC keys shorter than this are guessable enough to forge notices. */
export const MIN_SECRET_LENGTH = 32;
/** Exit code of a refused configuration (sysexits.h EX_CONFIG). */
export const EX_CONFIG = 78;

export class ConfigError extends Error {
  constructor(
    /** the environment variable at fault */
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

export type ServiceConfig = {
  /** BUILDER_PORT, default 8090 (0 = any free port) */
  builderPort: number;
  /** SITE_PORT, default 8080 (0 = any free port) */
  sitePort: number;
  /** HOST to listen on; all interfaces by default */
  host: string | undefined;
  /** DATA_DIR, default <repo>/.data */
  dataDir: string;
  /** BUILD_HOOK_SECRET */
  secret: string;
  /** BUILD_HOOK_SECRET then BUILD_HOOK_SECRET_PREVIOUS (for rotation) */
  secrets: string[];
  /** true when the dev-only default is in use */
  devSecret: boolean;
  /** false only for the local dev start (see isLocalDevelopment) */
  production: boolean;
  /** CMS_URL, where builds are reported */
  cmsUrl: string | undefined;
  /** BUILD_REPORT_API_KEY (Payload API key); HMAC-signed otherwise */
  reportApiKey: string | undefined;
  /** SITE_URL, the public address (printed, passed to the build, HSTS when https) */
  siteUrl: string | undefined;
};

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function isLocalUrl(value: string | undefined): boolean {
  if (!value) return true; // unset means the localhost defaults
  try {
    return LOCAL_HOSTS.has(new URL(value).hostname);
  } catch {
    return false;
  }
}

/**
 * Production is any start other than the local dev scripts: those set
 * CICA_ALLOW_DEV_SECRET=1 outside NODE_ENV=production, and even then only a
 * service whose public addresses are on localhost counts as a developer machine.
 */
export function isLocalDevelopment(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_ENV !== "production" && env.CICA_ALLOW_DEV_SECRET === "1" && isLocalUrl(env.SITE_URL) && isLocalUrl(env.CMS_URL);
}

/** @throws ConfigError naming the variable when the configuration is refused */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const production = !isLocalDevelopment(env);
  const secret = env.BUILD_HOOK_SECRET || DEV_BUILD_HOOK_SECRET;
  const previous = env.BUILD_HOOK_SECRET_PREVIOUS || undefined;
  if (production) {
    refuseWeakSecret("BUILD_HOOK_SECRET", secret);
    if (previous) refuseWeakSecret("BUILD_HOOK_SECRET_PREVIOUS", previous);
  }
  return {
    builderPort: port(env, "BUILDER_PORT", 8090),
    sitePort: port(env, "SITE_PORT", 8080),
    host: env.HOST || undefined,
    dataDir: resolve(env.DATA_DIR || join(repoRoot, ".data")),
    secret,
    secrets: previous ? [secret, previous] : [secret],
    devSecret: secret === DEV_BUILD_HOOK_SECRET,
    production,
    cmsUrl: env.CMS_URL || undefined,
    reportApiKey: env.BUILD_REPORT_API_KEY || undefined,
    siteUrl: env.SITE_URL || undefined,
  };
}

function refuseWeakSecret(name: string, value: string): void {
  if (value === DEV_BUILD_HOOK_SECRET) {
    throw new ConfigError(
      name,
      "is not set or is the dev-only default, which is refused in production; set a long random value shared with the CMS.",
    );
  }
  if (value.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(name, `must be at least ${MIN_SECRET_LENGTH} characters in production (it has ${value.length}).`);
  }
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 65535) throw new ConfigError(name, `must be a port number (0–65535), got "${raw}"`);
  return value;
}

/**
 * The configuration, or — for entry points, before anything listens — the refusal on stderr and
 * exit code 78, which a supervisor treats as fatal rather than restarting.
 */
export function configOrExit(who: string, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  try {
    return configFromEnv(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${who}: refusing to start: ${error.message}`);
    process.exit(EX_CONFIG);
  }
}
