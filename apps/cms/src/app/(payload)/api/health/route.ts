import config from "@payload-config";
import { getPayload } from "payload";
import { databaseState, RETRY_AFTER_SECONDS } from "../../../../lib/databaseOutage";

// GET /api/health — public and without secrets: whether the CMS can reach its
// database. 200 {database:"up"} or 503 {database:"down"} with Retry-After, for
// an operator, a load balancer or the start script's supervision.
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const payload = await getPayload({ config });
  const database = await databaseState(payload);
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (database === "down") headers["Retry-After"] = String(RETRY_AFTER_SECONDS);
  return Response.json({ database }, { status: database === "up" ? 200 : 503, headers });
}
