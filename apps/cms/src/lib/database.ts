import { mongooseAdapter } from "@payloadcms/db-mongodb";
import type { DatabaseAdapterObj } from "payload";
import { env } from "./env";
import { withExclusiveJobClaims } from "./exclusiveJobClaims";

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
    connectOptions: outageOptions,
    // Cast: the hook gets the adapter as Payload's base type; it is this mongoose adapter, whose models pushIdLookupsDown reads.
    afterCreateConnection: async (adapter) => pushIdLookupsDown(adapter as never),
  });
  // Several CMS instances share the jobs queue: each job is run by one of them (lib/exclusiveJobClaims.ts).
  return withExclusiveJobClaims(env.databaseEngine === "ferretdb" || !lookup ? withoutProjectionOnUpdate(adapter) : adapter);
}

/**
 * With the database down, a request used to wait 30 s (the driver's default server
 * selection timeout, behind mongoose's command buffer) and then answer 500. Both are
 * shortened so that a request fails within about 1.5 s and is answered 503
 * (lib/databaseOutage.ts). The driver keeps monitoring the server and reconnects by
 * itself once the launcher has restarted it: nothing here needs a CMS restart.
 */
const outageOptions = {
  serverSelectionTimeoutMS: 1500,
  // Fail a command at once while disconnected instead of queueing it for 10 s.
  bufferCommands: false,
  // A lost server is noticed by the monitor within a second even when no request is running.
  heartbeatFrequencyMS: 1000,
};

type Filter = Record<string, unknown>;
const queryMiddleware = [
  "countDocuments",
  "deleteMany",
  "deleteOne",
  "find",
  "findOne",
  "findOneAndDelete",
  "findOneAndUpdate",
  "updateMany",
  "updateOne",
  "replaceOne",
] as const;

/**
 * Rewrites `{_id: {$eq: v}}` (what Payload sends for `id: {equals}`), also
 * inside a lone `$and`, to the equivalent `{_id: v}`. FerretDB 1.24 on SQLite
 * pushes only that exact form down to SQLite; any other filter makes it read
 * and decode every document of the collection in Go (measured with 1,000
 * events: 24 ms against 150–250 ms per by-id read or update). Only plain
 * values are rewritten — for a RegExp or an operator object `$eq` means
 * something else than the bare value.
 */
export function pushableIdFilter(filter: Filter): Filter {
  let current = filter;
  while (Object.keys(current).length === 1 && Array.isArray(current.$and) && current.$and.length === 1 && isPlainFilter(current.$and[0])) {
    current = current.$and[0] as Filter; // isPlainFilter checked it just above; TypeScript does not narrow an index expression.
  }
  const id = current._id;
  if (!isPlainFilter(id) || Object.keys(id).length !== 1 || !("$eq" in id)) return current === filter ? filter : { ...current };
  const value = id.$eq;
  // Cast: a BSON ObjectId is recognised by its _bsontype tag without importing bson's class.
  const bare =
    typeof value === "string" ||
    typeof value === "number" ||
    (typeof value === "object" && value !== null && (value as { _bsontype?: string })._bsontype === "ObjectId");
  return bare ? { ...current, _id: value } : current === filter ? filter : { ...current };
}

function isPlainFilter(value: unknown): value is Filter {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * pushableIdFilter as query middleware on every model of the adapter's
 * connection (a connection-level plugin, registered through the adapter's
 * documented afterCreateConnection, before the models are compiled).
 */
function pushIdLookupsDown(adapter: { connection: { plugin: (fn: (schema: SchemaLike) => void) => unknown } }): void {
  adapter.connection.plugin((schema) => {
    for (const op of queryMiddleware) {
      schema.pre(op, function (this: QueryLike) {
        const filter = this.getFilter();
        const pushable = pushableIdFilter(filter);
        if (pushable !== filter) this.setQuery(pushable);
      });
    }
  });
}

type QueryLike = { getFilter: () => Filter; setQuery: (filter: Filter) => void };
type SchemaLike = { pre: (op: string, fn: (this: QueryLike) => void) => void };

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
      // Casts: the adapter's methods are replaced by name, which its declared type does not allow; the result is the same adapter.
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
