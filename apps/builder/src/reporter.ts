// Reporting builds to the CMS, so editors see the latest build status.
//
// CONTRACT (the CMS side implements the receiving end, apps/cms/src/collections/Builds):
//   POST ${CMS_URL}/api/builds, Content-Type: application/json, body: a BuildReport (@cica/schema),
//   authenticated by `Authorization: users API-Key <BUILD_REPORT_API_KEY>` when an API key is
//   configured (Payload's API-key auth), else signed with BUILD_HOOK_SECRET like a notice.
//   Sent twice per build: "running" when it starts, "success" or "failed" when it ends; `id` is
//   stable across both, so the CMS upserts by `id`. Any 2xx answer is success. Anything else, or no
//   answer within `timeoutMs`, is logged and ignored: a build never waits on, fails because of, or
//   retries against the CMS.

import { BuildReport } from "@cica/schema";
import { JSON_CONTENT_TYPE, signedJsonPost } from "@cica/schema/signature";

export type Reporter = (report: BuildReport) => Promise<void>;

/** A reporter that only logs; used when CMS_URL is not set. */
export function logOnlyReporter(log: (line: string) => void = () => {}): Reporter {
  return async (report) => log(`build ${report.id} ${report.status} (not reported: CMS_URL is not set)`);
}

export function cmsReporter({
  cmsUrl,
  apiKey,
  apiKeyCollection = "users",
  secret,
  timeoutMs = 5000,
  log = () => {},
}: {
  cmsUrl: string;
  /** Payload API key of a "users" document allowed to write builds */
  apiKey?: string;
  /** collection of that key's owner */
  apiKeyCollection?: string;
  /** used to sign when there is no API key */
  secret?: string;
  timeoutMs?: number;
  log?: (line: string) => void;
}): Reporter {
  if (!apiKey && !secret) throw new Error("cmsReporter needs an apiKey or a secret to authenticate");
  const url = new URL("/api/builds", cmsUrl).toString();
  const send = (report: BuildReport): Promise<Response> => {
    const signal = AbortSignal.timeout(timeoutMs);
    if (secret && !apiKey) return signedJsonPost(url, report, secret, { signal });
    return fetch(url, {
      method: "POST",
      headers: { "content-type": JSON_CONTENT_TYPE, authorization: `${apiKeyCollection} API-Key ${apiKey}` },
      body: JSON.stringify(report),
      signal,
    });
  };
  return async (report) => {
    try {
      // The shared contract: a report the CMS would refuse is a bug here, so it shows in the log.
      const response = await send(BuildReport.parse(report));
      if (!response.ok) {
        const text = (await response.text().catch(() => "")).slice(0, 300);
        log(`could not report build ${report.id} (${report.status}) to ${url}: HTTP ${response.status} ${text}`);
      }
    } catch (error) {
      // fetch failures carry the socket error as `cause`
      const err = error as Error & { cause?: { message?: string } };
      log(
        `could not report build ${report.id} (${report.status}) to ${url}: ${err.message}${err.cause?.message ? ` (${err.cause.message})` : ""}`,
      );
    }
  };
}
