import type { Endpoint, PayloadRequest } from "payload";
import { formatIssues } from "@cica/schema";
import { BuildReport, SIGNATURE_HEADER, verify } from "@cica/schema/signature";
import { env } from "../../lib/env";

const MAX_BODY_BYTES = 256 * 1024;
const finished = new Set(["success", "failed"]);

function isDuplicateBuildId(error: unknown): boolean {
  // Cast: a thrown ValidationError (data.errors) or a driver error (message); every member is optional.
  const { message = "", data } = error as { message?: string; data?: { errors?: Array<{ message?: string }> } };
  return /E11000|duplicate key/i.test(message) || Boolean(data?.errors?.some((e) => /unique/i.test(e.message ?? "")));
}

function refuse(req: PayloadRequest, status: number, message: string) {
  req.payload.logger.warn(`POST /api/builds refused (${status}): ${message}`);
  return Response.json({ errors: [{ message }] }, { status });
}

/**
 * POST /api/builds — the build service's report (apps/builder/src/reporter.ts):
 * HMAC-signed with BUILD_HOOK_SECRET over the raw body, upserted by the report's id.
 * A late "running" never overwrites a finished build (the two reports of a fast
 * build can arrive in either order).
 */
export const receiveBuildReport: Endpoint = {
  path: "/",
  method: "post",
  handler: async (req) => {
    // Signed endpoints take JSON only, so that no form post from a browser can reach the signature check.
    const contentType = req.headers.get("content-type") ?? "";
    if (!/^application\/json\s*(;|$)/i.test(contentType)) return refuse(req, 415, "the report must be sent as application/json");
    const raw = typeof req.text === "function" ? await req.text() : "";
    if (raw.length > MAX_BODY_BYTES) return refuse(req, 413, `the report is larger than ${MAX_BODY_BYTES} bytes`);
    const secrets = [env.buildHookSecret, env.buildHookSecretPrevious].filter((s): s is string => Boolean(s));
    const checked = verify(secrets, req.headers.get(SIGNATURE_HEADER), raw);
    if (!checked.ok) return refuse(req, 401, checked.reason);

    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return refuse(req, 400, "the body is not JSON");
    }
    const parsed = BuildReport.safeParse(json);
    if (!parsed.success) return refuse(req, 400, formatIssues("build report", parsed.error).join("; "));
    const report = parsed.data;

    const data = {
      buildId: report.id,
      kind: report.kind,
      status: report.status,
      live: report.live,
      startedAt: report.startedAt,
      finishedAt: report.finishedAt,
      durationMs: report.durationMs,
      pagesWritten: report.pagesWritten,
      notices: report.notices,
      errorLines: report.errors,
      failures: report.failures,
      triggers: report.triggers,
      siteUrl: report.siteUrl,
    };
    // Idempotent by build id and state: each build is reported "running" once and then
    // "success" or "failed" once, and a rollback is a build of its own. A report whose
    // state is already recorded, or older than what is recorded, is a retry or a replay:
    // it changes nothing, not even which build is live.
    const upsert = async (): Promise<"created" | "updated" | "kept"> => {
      const { docs } = await req.payload.find({
        collection: "builds",
        where: { buildId: { equals: report.id } },
        limit: 1,
        depth: 0,
        req,
        overrideAccess: true,
      });
      const existing = docs[0];
      if (!existing) {
        await req.payload.create({ collection: "builds", data, depth: 0, req, overrideAccess: true });
        return "created";
      }
      if (existing.status === report.status || (report.status === "running" && finished.has(String(existing.status)))) return "kept";
      await req.payload.update({ collection: "builds", id: existing.id, data, depth: 0, req, overrideAccess: true });
      return "updated";
    };
    let outcome: Awaited<ReturnType<typeof upsert>> | undefined;
    for (let attempt = 1; outcome === undefined; attempt++) {
      try {
        outcome = await upsert();
      } catch (error) {
        // The build's other report created the record between our find and create (unique
        // buildId): look again and update it. Payload words this as a ValidationError
        // "Value must be unique" (with an empty path on FerretDB), MongoDB as E11000.
        if (attempt >= 3 || !isDuplicateBuildId(error)) throw error;
      }
    }
    if (outcome === "kept") return Response.json({ ok: true, id: report.id, outcome }, { status: 200 });
    if (report.live && report.status === "success") {
      // Exactly one build is served at a time.
      await req.payload.update({
        collection: "builds",
        where: { and: [{ live: { equals: true } }, { buildId: { not_equals: report.id } }] },
        data: { live: false },
        depth: 0,
        req,
        overrideAccess: true,
      });
    }
    return Response.json({ ok: true, id: report.id, outcome }, { status: outcome === "created" ? 201 : 200 });
  },
};
