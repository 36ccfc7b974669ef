import type { TaskConfig } from "payload";
import { BuildNotice } from "@cica/schema";
import { signedJsonPost } from "@cica/schema/signature";
import { env } from "../lib/env";
import { fetchFailure } from "../lib/fetchFailure";
import { BUILD_NOTICE_TASK } from "./notice";

/**
 * Delivers one queued notice to the build service (POST BUILD_HOOK_URL, body
 * BuildNotice, signed). Any failure throws, so Payload keeps the job and
 * retries it with exponential backoff: 1 s, 2 s, 4 s, … up to 2^13 s
 * (about 2 h 15 min) for the fourteenth retry — about 4.5 hours in all of the
 * build service being unreachable before the job is given up (it stays in
 * payload-jobs with its error for an admin to see).
 */
export const notifySiteBuild: TaskConfig<{ input: BuildNotice; output: { status: number } }> = {
  slug: BUILD_NOTICE_TASK,
  label: "Tell the build service the public site changed",
  inputSchema: [
    { name: "collection", type: "text", required: true },
    { name: "id", type: "text", required: true },
    { name: "operation", type: "text", required: true },
    { name: "locales", type: "json", required: true },
    { name: "time", type: "text", required: true },
    { name: "key", type: "text" },
  ],
  outputSchema: [{ name: "status", type: "number" }],
  retries: { attempts: 14, backoff: { type: "exponential", delay: 1000 } },
  handler: async ({ input, req }) => {
    const notice = BuildNotice.parse(input);
    // Signed at the moment of sending, so a notice retried an hour later is not refused as stale.
    let response: Response;
    try {
      response = await signedJsonPost(env.buildHookUrl, notice, env.buildHookSecret, { signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new Error(`the build service at ${env.buildHookUrl} did not answer: ${fetchFailure(error)}`);
    }
    const text = (await response.text().catch(() => "")).slice(0, 300);
    // 409: this very signature was accepted before (a retry after a lost answer): delivered.
    // A notice whose key the build service already has is answered 200 `duplicate`: delivered too.
    if (response.ok || response.status === 409) {
      req.payload.logger.info(`build notice ${notice.operation} ${notice.collection}/${notice.id} → ${response.status}`);
      return { output: { status: response.status } };
    }
    throw new Error(`the build service refused the notice for ${notice.collection}/${notice.id}: HTTP ${response.status} ${text}`);
  },
};
