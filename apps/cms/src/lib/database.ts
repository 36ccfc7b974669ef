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
    // Cast: the hook gets the adapter as Payload's base type; it is this mongoose adapter, whose models pushFiltersDown reads.
    afterCreateConnection: async (adapter) => pushFiltersDown(adapter as never),
  });
  // Both FerretDB stores ("ferretdb" on SQLite, "ferretdb-postgresql") share FerretDB's command layer.
  // Several CMS instances share the jobs queue: each job is run by one of them (lib/exclusiveJobClaims.ts).
  return withExclusiveJobClaims(env.databaseEngine.startsWith("ferretdb") || !lookup ? withoutProjectionOnUpdate(adapter) : adapter);
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
 * Rewrites a filter into the form FerretDB 1.24 pushes down to its store:
 * top-level `{field: value}` equalities. Payload wraps every condition in
 * `$and` (often nested two levels) and writes equality as `{$eq: v}`; FerretDB
 * pushes down only top-level fields with bare values (on SQLite only `_id`, on
 * PostgreSQL any field) and otherwise reads and decodes every document of the
 * collection in Go. By-id reads (1,000 events, SQLite: 24 ms against 150–250
 * ms) and Payload's version bookkeeping on every publish — the latest version
 * by `parent`, clearing `latest` by `parent` (PostgreSQL: 1–2 s each, nested in
 * `$and`) — depend on it. Conditions are merged only where that means the
 * same: non-empty `$and` lists (and one-element `$or` lists) of plain objects, one condition per field (a
 * second one on the same field stays in `$and`), and `$eq` dropped only before
 * a string, number, boolean or ObjectId (for a RegExp or an object `$eq`
 * means something else than the bare value).
 */
export function pushableFilter(filter: Filter): Filter {
  const merged: Filter = {};
  const rest: Filter[] = [];
  const add = (key: string, value: unknown) => {
    if (key in merged) rest.push({ [key]: value });
    else merged[key] = key.startsWith("$") ? value : bareEquality(value);
  };
  for (const [key, value] of Object.entries(filter)) {
    // A one-element `$or` (Payload's createVersion clears `latest` with `$or: [{parent}]`) is its element.
    const conjunction =
      (key === "$and" && Array.isArray(value) && value.length > 0) || (key === "$or" && Array.isArray(value) && value.length === 1);
    if (conjunction && value.every(isPlainFilter)) {
      for (const part of value) {
        for (const [k, v] of Object.entries(pushableFilter(part))) {
          // A part's own leftovers (its `$and`) are conditions like any other.
          if (k === "$and" && Array.isArray(v)) rest.push(...(v as Filter[]));
          else add(k, v);
        }
      }
    } else add(key, value);
  }
  if (rest.length > 0) merged.$and = rest;
  return merged;
}

/** `{$eq: v}` → `v` for a bare value; anything else as it is. */
function bareEquality(value: unknown): unknown {
  if (!isPlainFilter(value) || Object.keys(value).length !== 1 || !("$eq" in value)) return value;
  const v = value.$eq;
  // Cast: a BSON ObjectId is recognised by its _bsontype tag without importing bson's class.
  const bare =
    typeof v === "string" ||
    typeof v === "number" ||
    typeof v === "boolean" ||
    (typeof v === "object" && v !== null && (v as { _bsontype?: string })._bsontype === "ObjectId");
  return bare ? v : value;
}

function isPlainFilter(value: unknown): value is Filter {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * pushableFilter as query middleware on every model of the adapter's
 * connection (a connection-level plugin, registered through the adapter's
 * documented afterCreateConnection, before the models are compiled).
 */
function pushFiltersDown(adapter: { connection: { plugin: (fn: (schema: SchemaLike) => void) => unknown } }): void {
  adapter.connection.plugin((schema) => {
    for (const op of queryMiddleware) {
      schema.pre(op, function (this: QueryLike) {
        this.setQuery(pushableFilter(this.getFilter()));
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
