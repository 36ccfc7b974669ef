import { mongooseAdapter } from "@payloadcms/db-mongodb";
import type { DatabaseAdapterObj } from "payload";
import { env } from "./env";

/**
 * Payload's mongooseAdapter, told what the engine can do rather than which
 * engine it is (facts from the launcher's probeCapabilities, passed as
 * DATABASE_TRANSACTIONS / DATABASE_LOOKUP).
 *
 * FerretDB 1.24 on SQLite has neither multi-document transactions nor
 * $lookup, so (Payload's documented compatibility settings, as for
 * Cosmos DB / DocumentDB / Firestore):
 * - transactionOptions: false — Payload writes without a session;
 * - useJoinAggregations / usePipelineInSortLookup: false — joins and sorting
 *   by related fields use separate find() queries instead of $lookup;
 * - disableIndexHints: true — no `hint` on counts.
 * On a MongoDB replica set everything stays on.
 */
export function databaseAdapter(): DatabaseAdapterObj {
  const lookup = env.databaseLookup;
  const adapter = mongooseAdapter({
    url: env.databaseUri,
    transactionOptions: env.databaseTransactions ? {} : false,
    useJoinAggregations: lookup,
    usePipelineInSortLookup: lookup,
    disableIndexHints: !lookup,
  });
  return env.databaseEngine === "ferretdb" || !lookup ? withoutProjectionOnUpdate(adapter) : adapter;
}

/**
 * FerretDB 1.24 refuses findAndModify with `fields` (a projection):
 *   findAndModify: support for field "fields" with value … is not implemented yet
 * Payload sends one when it counts failed sign-ins (incrementLoginAttempts →
 * db.updateOne({ select: { lockUntil, loginAttempts } })), so every wrong
 * password answered 500 and login throttling never locked. No adapter option
 * covers it; dropping `select` from the adapter's find-and-update calls makes
 * them return the whole document, which callers read the same way.
 */
function withoutProjectionOnUpdate(adapterObj: DatabaseAdapterObj): DatabaseAdapterObj {
  const init = adapterObj.init;
  return {
    ...adapterObj,
    init: (args) => {
      const adapter = init(args) as unknown as Record<string, unknown>;
      for (const method of ["updateOne", "updateGlobal", "updateVersion", "updateGlobalVersion"]) {
        const original = adapter[method] as ((this: unknown, options: Record<string, unknown>) => unknown) | undefined;
        if (typeof original !== "function") continue;
        adapter[method] = function (this: unknown, options: Record<string, unknown>) {
          const { select: _select, ...rest } = options ?? {};
          return original.call(this, rest);
        };
      }
      return adapter as never;
    },
  };
}
