import { LRUCache } from "lru-cache";
import { getPayload, type Payload, type PayloadRequest, type Plugin, type SanitizedConfig } from "payload";

// Anonymous REST reads of public content, answered from memory while the content is unchanged
// (issue 13, "REST under load"). Every anonymous read of the same URL returns the same bytes until
// something public changes, yet each one cost Payload a count query, a find, the population of its
// relations and the rendering of rich text: ≈ 40 ms of CPU between Next and the database per
// 10-event list, so 16 visitors at once waited a second.
//
// Correct across instances: the cache lives in each process, but what it is valid for lives in the
// database — one small document whose counter every change of public content increments (the hooks
// below, in the same transaction as the change when there is one). Each cached read first reads
// that counter (one lookup by _id, which every engine answers from its index), so a change made
// through any instance is seen by the next read on every instance; a read that started before a
// change may store the old answer, but under the old counter, where no later read looks.
// Hand-written because the rule "valid until this database counter moves" is the whole of it; the
// memory bound is lru-cache's.

/** The collections and globals an anonymous visitor may read (their access rules allow it). */
export const PUBLIC_COLLECTIONS = ["events", "organizations", "media"] as const;
export const PUBLIC_GLOBALS = ["site-settings"] as const;

const VERSION_COLLECTION = "cica_content_version";
const VERSION_ID = "public";
/** One answer larger than this (the site's full fetch of thousands of events) is not kept. */
const MAX_ENTRY_BYTES = 4 * 1024 * 1024;

type VersionDocument = { _id: string; n: number };
type RawCollection = {
  findOne(filter: object): Promise<VersionDocument | null>;
  updateOne(filter: object, update: object, options: object): Promise<unknown>;
};
type MongooseLike = { connection?: { collection(name: string): RawCollection }; sessions?: Record<string, unknown> };

function versions(payload: Payload): RawCollection | undefined {
  // Cast: the adapter is Payload's mongoose adapter (lib/database.ts), whose `connection` is a mongoose Connection.
  return (payload.db as unknown as MongooseLike).connection?.collection(VERSION_COLLECTION);
}

/** The counter of public changes; it only ever grows. */
export async function publicContentVersion(payload: Payload): Promise<number> {
  const doc = await versions(payload)?.findOne({ _id: VERSION_ID });
  return doc?.n ?? 0;
}

/** Counts one change of public content, inside the change's transaction when it has one. */
async function countChange(req: PayloadRequest): Promise<void> {
  const transactionID = req.transactionID instanceof Promise ? await req.transactionID : req.transactionID;
  // Cast: the mongoose adapter keeps each transaction's ClientSession by id.
  const session = transactionID ? (req.payload.db as unknown as MongooseLike).sessions?.[String(transactionID)] : undefined;
  await versions(req.payload)?.updateOne({ _id: VERSION_ID }, { $inc: { n: 1 } }, { upsert: true, ...(session ? { session } : {}) });
}

/** Adds the counting hooks to the public collections and globals; first, so that a later hook's failure cannot skip them. */
export function publicReadCachePlugin(): Plugin {
  return (config) => ({
    ...config,
    collections: config.collections?.map((collection) =>
      (PUBLIC_COLLECTIONS as readonly string[]).includes(collection.slug)
        ? {
            ...collection,
            hooks: {
              ...collection.hooks,
              afterChange: [async ({ doc, req }) => (await countChange(req), doc), ...(collection.hooks?.afterChange ?? [])],
              afterDelete: [async ({ req }) => countChange(req), ...(collection.hooks?.afterDelete ?? [])],
            },
          }
        : collection,
    ),
    globals: config.globals?.map((global) =>
      (PUBLIC_GLOBALS as readonly string[]).includes(global.slug)
        ? {
            ...global,
            hooks: {
              ...global.hooks,
              afterChange: [async ({ doc, req }) => (await countChange(req), doc), ...(global.hooks?.afterChange ?? [])],
            },
          }
        : global,
    ),
  });
}

/**
 * Whether a request may be answered from the cache: a GET by nobody signed in, of a public
 * collection's list or one document (`/api/events`, `/api/events/<id>`), or a public global.
 * Custom endpoints (`/api/events/<id>/preview`), uploads' files and versions have more segments.
 */
export function isCacheableRead(request: Request): boolean {
  if (request.method !== "GET") return false;
  if (request.headers.has("authorization") || /(^|;\s*)payload-token=/.test(request.headers.get("cookie") ?? "")) return false;
  const segments = new URL(request.url).pathname.split("/").filter(Boolean);
  if (segments[0] !== "api") return false;
  if (segments[1] === "globals") return segments.length === 3 && (PUBLIC_GLOBALS as readonly string[]).includes(segments[2]!);
  return (segments.length === 2 || segments.length === 3) && (PUBLIC_COLLECTIONS as readonly string[]).includes(segments[1]!);
}

type Entry = { status: number; headers: [string, string][]; body: ArrayBuffer };
type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** `CMS_READ_CACHE_MB` (default 64): memory for cached answers; 0 turns the cache off. */
export function readCacheBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.CMS_READ_CACHE_MB ?? 64);
  return Number.isFinite(mb) && mb > 0 ? Math.round(mb * 1024 * 1024) : 0;
}

/** Wraps Payload's REST GET handler; `X-CMS-Cache: hit` or `miss` says which answered. */
export function withPublicReadCache(config: Promise<SanitizedConfig> | SanitizedConfig, maxBytes = readCacheBytes()) {
  const cache = maxBytes > 0 ? new LRUCache<string, Entry>({ maxSize: maxBytes, sizeCalculation: (e) => e.body.byteLength + 512 }) : null;
  return <C>(handler: Handler<C>): Handler<C> =>
    async (request, context) => {
      if (!cache || !isCacheableRead(request)) return handler(request, context);
      const payload = await getPayload({ config });
      // Read before the content: an answer is stored under the counter it was read after (see above).
      const version = await publicContentVersion(payload);
      // Origin is part of the key: Payload's CORS headers depend on it.
      const key = `${version} ${request.headers.get("origin") ?? ""} ${request.url}`;
      const hit = cache.get(key);
      if (hit) return respond(hit, "hit");
      const response = await handler(request, context);
      if (response.status !== 200 || response.headers.has("set-cookie")) return response;
      const entry: Entry = { status: response.status, headers: [...response.headers], body: await response.arrayBuffer() };
      if (entry.body.byteLength <= MAX_ENTRY_BYTES) cache.set(key, entry);
      return respond(entry, "miss");
    };
}

function respond(entry: Entry, how: "hit" | "miss"): Response {
  const headers = new Headers(entry.headers);
  headers.set("X-CMS-Cache", how);
  // The Response copies the bytes, so the cached ones are never handed out.
  return new Response(entry.body, { status: entry.status, headers });
}
