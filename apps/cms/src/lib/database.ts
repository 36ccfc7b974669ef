import { mongooseAdapter } from "@payloadcms/db-mongodb";
import { env } from "./env";

/**
 * Payload's mongooseAdapter, told what the engine can do rather than which
 * engine it is (facts from the launcher's probeCapabilities, passed as
 * DATABASE_TRANSACTIONS / DATABASE_LOOKUP).
 *
 * FerretDB 1.24 on SQLite has neither multi-document transactions nor
 * $lookup, so:
 * - transactionOptions: false — Payload then writes without a session
 *   (each write is still atomic per document);
 * - useJoinAggregations / usePipelineInSortLookup: false — join fields and
 *   sorting by related fields are resolved with separate find() queries;
 * - disableIndexHints: true — FerretDB ignores or rejects `hint` on count;
 *   Payload's documented DocumentDB/Firestore settings switch it off as well.
 * On a MongoDB replica set everything stays on.
 */
export function databaseAdapter() {
  const lookup = env.databaseLookup;
  return mongooseAdapter({
    url: env.databaseUri,
    transactionOptions: env.databaseTransactions ? {} : false,
    useJoinAggregations: lookup,
    usePipelineInSortLookup: lookup,
    disableIndexHints: !lookup,
  });
}
