// The one place that decides whether a configuration may start. One module for three processes: the
// start scripts (run through the tsx loader) and the CMS itself (src/instrumentation.ts and
// src/lib/env.ts, bundled by Next). It imports nothing but the dev-only defaults, so that each of them
// can load it before anything else.
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

function isLocalUrl(url: string): boolean {
  try {
    return localHosts.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

export type Env = Record<string, string | undefined>;

/**
 * Whether this process may fall back to the dev-only defaults: only a local development start, and
 * only on a machine whose public addresses are both localhost. `next start` always runs with
 * NODE_ENV=production, so the local-dev start scripts mark themselves with CICA_ALLOW_DEV_SECRET=1;
 * any other start is production.
 */
export function mayUseDevDefaults(env: Env): boolean {
  const localStart = env.NODE_ENV !== "production" || env.CICA_ALLOW_DEV_SECRET === "1";
  return localStart && isLocalUrl(env.CMS_URL ?? "http://localhost:3000") && isLocalUrl(env.SITE_URL ?? "http://localhost:8080");
}

function secretProblem(
  name: string,
  value: string | undefined,
  { required, minLength }: { required: boolean; minLength: number },
): string | undefined {
  if (value === undefined || value === "") return required ? `${name} is not set` : undefined;
  if (devOnlyValues.has(value)) return `${name} is a dev-only value from apps/cms/src/lib/devDefaults.json`;
  if ([...value].length < minLength) return `${name} has fewer than ${minLength} characters`;
  return undefined;
}

/** What is wrong with the S3 settings of media (lib/mediaStorage.ts), in any start: a half-set store would lose uploads. */
export function s3Problems(env: Env): string[] {
  if (!env.S3_BUCKET?.trim()) return [];
  const problems: string[] = [];
  if (env.S3_FORCE_PATH_STYLE && !["true", "false"].includes(env.S3_FORCE_PATH_STYLE)) {
    problems.push(`S3_FORCE_PATH_STYLE must be "true" or "false", not ${JSON.stringify(env.S3_FORCE_PATH_STYLE)}`);
  }
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY))
    problems.push("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together");
  if (env.S3_ENDPOINT && !/^https?:\/\/[^/]/.test(env.S3_ENDPOINT))
    problems.push(`S3_ENDPOINT must be an http(s) address, not ${JSON.stringify(env.S3_ENDPOINT)}`);
  return problems;
}

/** Why this configuration must not start; empty when it may. */
export function refusedConfig(env: Env): string[] {
  if (mayUseDevDefaults(env)) return s3Problems(env);
  const problems = [
    secretProblem("PAYLOAD_SECRET", env.PAYLOAD_SECRET, { required: true, minLength: MIN_SECRET_LENGTH }),
    secretProblem("BUILD_HOOK_SECRET", env.BUILD_HOOK_SECRET, { required: true, minLength: MIN_SECRET_LENGTH }),
    secretProblem("BUILD_HOOK_SECRET_PREVIOUS", env.BUILD_HOOK_SECRET_PREVIOUS, { required: false, minLength: MIN_SECRET_LENGTH }),
    secretProblem("ADMIN_PASSWORD", env.ADMIN_PASSWORD, { required: false, minLength: MIN_PASSWORD_LENGTH }),
  ].filter((problem): problem is string => problem !== undefined);
  if (problems.length && env.CICA_ALLOW_DEV_SECRET === "1") {
    problems.push("CICA_ALLOW_DEV_SECRET only applies while CMS_URL and SITE_URL are both localhost");
  }
  return [...problems, ...s3Problems(env)];
}

/** Exits with EX_CONFIG, before anything listens, when the configuration is refused; `who` names the process in the message. */
export function exitIfRefused(env: Env, who: string): void {
  const problems = refusedConfig(env);
  if (!problems.length) return;
  console.error(
    `${who}: refusing to start in production (exit ${EX_CONFIG}, do not restart): ${problems.join("; ")}. ` +
      `Set each secret to at least ${MIN_SECRET_LENGTH} random characters (see SECURITY.md).`,
  );
  process.exit(EX_CONFIG);
}
