// @ts-check
// Reporting builds to the CMS, so editors see the latest build status.
//
// CONTRACT (the CMS side implements the receiving end):
//   POST ${CMS_URL}/api/builds
//   Content-Type: application/json
//   Authorization: users API-Key <BUILD_REPORT_API_KEY>    when an API key is configured (Payload's API-key auth), else
//   X-CICA-Signature: t=<unix>,v1=<hex>                   HMAC-SHA256(BUILD_HOOK_SECRET, `${t}.${rawBody}`), as for notices
//   Body: a BuildReport (below), sent twice per build: once with status "running" when it starts and once with
//   "success" or "failed" when it ends. `id` is stable across both, so the CMS upserts by `id`.
//   Any 2xx answer is success. Anything else, or no answer within `timeoutMs`, is logged and ignored:
//   a build never waits on, fails because of, or retries against the CMS.
//
/**
 * @typedef {object} BuildReport
 * @property {string} id               build id, e.g. "20250101T120000123Z-a1b2c3" (sortable by time)
 * @property {"build" | "rollback"} kind
 * @property {"running" | "success" | "failed"} status
 * @property {boolean} live            true when this build is what the site serves now
 * @property {{ collection: string, id: string, operation: string, operations: string[], locales: string[], time: string, notices: number }[]} triggers
 * @property {number} notices          how many notices this build covers
 * @property {string} startedAt        ISO time
 * @property {string | null} finishedAt
 * @property {number | null} durationMs
 * @property {number | null} pagesWritten
 * @property {string[]} errors         human-readable error lines (empty on success)
 * @property {string | null} siteUrl   the public site address, so the CMS can show live links
 */

import { sign } from "./signature.mjs";

/** @typedef {(report: BuildReport) => Promise<void>} Reporter */

/** A reporter that only logs; used when CMS_URL is not set. */
export function logOnlyReporter(log = (/** @type {string} */ _line) => {}) {
  /** @type {Reporter} */
  return async (report) => log(`build ${report.id} ${report.status} (not reported: CMS_URL is not set)`);
}

/**
 * @param {object} options
 * @param {string} options.cmsUrl
 * @param {string} [options.apiKey]   Payload API key of a "users" document allowed to write builds
 * @param {string} [options.apiKeyCollection] collection of that key's owner (default "users")
 * @param {string} [options.secret]   used to sign when there is no API key
 * @param {number} [options.timeoutMs]
 * @param {typeof fetch} [options.fetch]
 * @param {(line: string) => void} [options.log]
 * @returns {Reporter}
 */
export function cmsReporter({ cmsUrl, apiKey, apiKeyCollection = "users", secret, timeoutMs = 5000, fetch: doFetch = fetch, log = () => {} }) {
  if (!apiKey && !secret) throw new Error("cmsReporter needs an apiKey or a secret to authenticate");
  const url = new URL("/api/builds", cmsUrl).toString();
  return async (report) => {
    const body = JSON.stringify(report);
    /** @type {Record<string, string>} */
    const headers = { "content-type": "application/json" };
    if (apiKey) headers.authorization = `${apiKeyCollection} API-Key ${apiKey}`;
    else headers["x-cica-signature"] = sign(/** @type {string} */ (secret), body);
    try {
      const response = await doFetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) {
        const text = (await response.text().catch(() => "")).slice(0, 300);
        log(`could not report build ${report.id} (${report.status}) to ${url}: HTTP ${response.status} ${text}`);
      }
    } catch (error) {
      const err = /** @type {Error & { cause?: { message?: string } }} */ (error);
      log(`could not report build ${report.id} (${report.status}) to ${url}: ${err.message}${err.cause?.message ? ` (${err.cause.message})` : ""}`);
    }
  };
}
