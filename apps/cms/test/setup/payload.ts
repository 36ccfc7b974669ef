import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import type { Payload } from "payload";
import { uniqueDatabaseName, withDatabaseName } from "@cica/local-db";

/** Environment for a CMS on a fresh database of its own. */
export function suiteEnv(prefix: string): Record<string, string> {
  const caps = inject("databaseCapabilities");
  return {
    DATABASE_URI: withDatabaseName(inject("databaseUri"), uniqueDatabaseName(prefix)),
    DATABASE_TRANSACTIONS: String(caps.transactions),
    DATABASE_LOOKUP: String(caps.lookup),
    DATA_DIR: mkdtempSync(path.join(tmpdir(), `cica-${prefix}-`)),
    PAYLOAD_SECRET: "test-only-payload-secret-0123456789abcdef",
    BUILD_HOOK_SECRET: "test-only-build-hook-secret-0123456789abcdef",
    CMS_JOBS_AUTORUN: "false",
  };
}

/** Payload's Local API on a fresh database; the config reads the environment when first imported. */
export async function startPayload(prefix: string): Promise<Payload> {
  Object.assign(process.env, suiteEnv(prefix));
  const { getPayload } = await import("payload");
  const { default: config } = await import("../../src/payload.config");
  return getPayload({ config });
}
