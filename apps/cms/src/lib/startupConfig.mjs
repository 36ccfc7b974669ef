// @ts-check
// The one place that decides whether a configuration may start. Plain ESM with JSDoc types because
// three processes use it: the start scripts (plain Node, no TypeScript loader) and the CMS itself
// (src/instrumentation.ts and src/lib/env.ts).
import devDefaults from "./devDefaults.json" with { type: "json" };

/** sysexits.h EX_CONFIG: a supervisor treats it as fatal and does not restart the process. */
export const EX_CONFIG = 78;

/** Secrets shorter than this are guessable or typed by hand; 32 random characters are neither. */
export const MIN_SECRET_LENGTH = 32;

/** Every account's password, and ADMIN_PASSWORD, in Unicode code points. */
export const MIN_PASSWORD_LENGTH = 12;

/** The dev-only values are refused wherever they come from, explicit environment included. */
const devOnlyValues = new Set([devDefaults.payloadSecret, devDefaults.buildHookSecret, devDefaults.adminPassword]);

const localHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** @param {string} url */
function isLocalUrl(url) {
  try {
    return localHosts.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * @typedef {Record<string, string | undefined>} Env
 */

/**
 * Whether this process may fall back to the dev-only defaults: only a local development start, and
 * only on a machine whose public addresses are both localhost. `next start` always runs with
 * NODE_ENV=production, so the local-dev start scripts mark themselves with CICA_ALLOW_DEV_SECRET=1;
 * any other start is production.
 * @param {Env} env
 */
export function mayUseDevDefaults(env) {
  const localStart = env.NODE_ENV !== "production" || env.CICA_ALLOW_DEV_SECRET === "1";
  return localStart && isLocalUrl(env.CMS_URL ?? "http://localhost:3000") && isLocalUrl(env.SITE_URL ?? "http://localhost:8080");
}

/**
 * @param {string} name
 * @param {string | undefined} value
 * @param {{ required: boolean, minLength: number }} rule
 * @returns {string | undefined}
 */
function secretProblem(name, value, { required, minLength }) {
  if (value === undefined || value === "") return required ? `${name} is not set` : undefined;
  if (devOnlyValues.has(value)) return `${name} is a dev-only value from apps/cms/src/lib/devDefaults.json`;
  if ([...value].length < minLength) return `${name} has fewer than ${minLength} characters`;
  return undefined;
}

/**
 * Why this configuration must not start; empty when it may.
 * @param {Env} env
 * @returns {string[]}
 */
export function refusedConfig(env) {
  if (mayUseDevDefaults(env)) return [];
  const problems = [
    secretProblem("PAYLOAD_SECRET", env.PAYLOAD_SECRET, { required: true, minLength: MIN_SECRET_LENGTH }),
    secretProblem("BUILD_HOOK_SECRET", env.BUILD_HOOK_SECRET, { required: true, minLength: MIN_SECRET_LENGTH }),
    secretProblem("BUILD_HOOK_SECRET_PREVIOUS", env.BUILD_HOOK_SECRET_PREVIOUS, { required: false, minLength: MIN_SECRET_LENGTH }),
    secretProblem("ADMIN_PASSWORD", env.ADMIN_PASSWORD, { required: false, minLength: MIN_PASSWORD_LENGTH }),
  ].filter((problem) => problem !== undefined);
  if (problems.length && env.CICA_ALLOW_DEV_SECRET === "1") {
    problems.push("CICA_ALLOW_DEV_SECRET only applies while CMS_URL and SITE_URL are both localhost");
  }
  return problems;
}

/**
 * Exits with EX_CONFIG, before anything listens, when the configuration is refused.
 * @param {Env} env
 * @param {string} who the process, for the message
 */
export function exitIfRefused(env, who) {
  const problems = refusedConfig(env);
  if (!problems.length) return;
  console.error(
    `${who}: refusing to start in production (exit ${EX_CONFIG}, do not restart): ${problems.join("; ")}. ` +
      `Set each secret to at least ${MIN_SECRET_LENGTH} random characters (see SECURITY.md).`,
  );
  process.exit(EX_CONFIG);
}
