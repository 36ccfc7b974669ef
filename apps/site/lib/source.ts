import { readFile } from "node:fs/promises";
import path from "node:path";
import * as z from "zod";
import { Snapshot, formatIssues, type Media } from "@cica/schema";
import { ContentError, isDraft } from "./content.js";
import { errorMessage } from "./errors.js";

// Where the content comes from: a snapshot (object or file) or the CMS REST API.
// Either way the result is the same raw Snapshot, validated later document by
// document, so a snapshot build and a CMS build run the same code.

/** The REST queries the CMS serves; `locale=all&depth=0` keeps every translation and only ids for relations. */
export const cmsQueries = {
  events: "/api/events?locale=all&depth=0&where[_status][equals]=published",
  organizations: "/api/organizations?locale=all&depth=0",
  media: "/api/media?locale=all&depth=0",
  settings: "/api/globals/site-settings?locale=all&depth=0",
};

/**
 * Lists ask for every document at once, without Payload's count query
 * (`limit=0&pagination=false`). Paged 100 at a time, a full build of 5,000
 * events made 50 list requests plus 50 counts, and each one made the database
 * filter and sort the whole collection again (FerretDB on SQLite cannot push
 * either down): about 135 s of a 180 s full build. One request is one pass.
 */
const WHOLE_LIST = "&limit=0&pagination=false";

export type FetchImpl = typeof fetch;

/** What failed under fetch's "fetch failed": the refused connection or unknown host. */
function fetchFailure(error: unknown): string {
  return error instanceof Error && error.cause instanceof Error ? error.cause.message : errorMessage(error);
}

async function getJson(url: string, fetchImpl: FetchImpl): Promise<unknown> {
  let response;
  try {
    response = await fetchImpl(url, { headers: { accept: "application/json" } });
  } catch (error) {
    throw new Error(`Could not reach the CMS at ${new URL(url).origin}: ${fetchFailure(error)}`);
  }
  if (!response.ok) throw new Error(`The CMS answered ${response.status} ${response.statusText} for ${url}`);
  return response.json();
}

/** Every document of a Payload collection endpoint, in one request. */
async function getAllPages(base: string, query: string, fetchImpl: FetchImpl): Promise<unknown[]> {
  const body = PayloadPage.safeParse(await getJson(`${base}${query}${WHOLE_LIST}`, fetchImpl));
  if (!body.success) throw new Error(`The CMS did not return a list of documents for ${query}`);
  // A CMS that capped the list (a collection's maxLimit) would otherwise build a site missing documents.
  if (body.data.hasNextPage) throw new Error(`The CMS returned only part of ${query} (${body.data.docs.length} documents)`);
  return body.data.docs;
}

/** One page of a Payload collection listing: only what paging needs; the documents are validated later, one by one. */
const PayloadPage = z.object({ docs: z.array(z.unknown()), hasNextPage: z.boolean().nullish() });

export async function fetchSnapshot(cmsUrl: string, { fetchImpl = fetch }: { fetchImpl?: FetchImpl } = {}): Promise<Snapshot> {
  const base = cmsUrl.replace(/\/+$/, "");
  const [events, organizations, media, settings] = await Promise.all([
    getAllPages(base, cmsQueries.events, fetchImpl),
    getAllPages(base, cmsQueries.organizations, fetchImpl),
    getAllPages(base, cmsQueries.media, fetchImpl),
    getJson(`${base}${cmsQueries.settings}`, fetchImpl),
  ]);
  return { fetchedAt: new Date().toISOString(), source: base, events, organizations, media, settings };
}

/**
 * The current published state of some events, by id: the document, or null
 * when the CMS no longer publishes it (404, or its main document is a draft —
 * unpublished). Depth 0 and every locale, like the full fetch.
 */
export async function fetchEvents(cmsUrl: string, ids: string[], options: { fetchImpl?: FetchImpl } = {}): Promise<Map<string, unknown>> {
  const docs = await fetchByIds(cmsUrl, "events", ids, options);
  for (const [id, doc] of docs) if (isDraft(doc)) docs.set(id, null);
  return docs;
}

/**
 * Some media documents by id, as the CMS serves them now (null: gone), for a partial build after an
 * image changed or an event started using one the previous build did not have.
 */
export function fetchMedia(cmsUrl: string, ids: string[], options: { fetchImpl?: FetchImpl } = {}): Promise<Map<string, unknown>> {
  return fetchByIds(cmsUrl, "media", ids, options);
}

/** Documents of one collection by id, depth 0 and every locale; null for one the CMS answers 404 for. */
async function fetchByIds(
  cmsUrl: string,
  collection: "events" | "media",
  ids: string[],
  { fetchImpl = fetch }: { fetchImpl?: FetchImpl },
): Promise<Map<string, unknown>> {
  const base = cmsUrl.replace(/\/+$/, "");
  const docs = await Promise.all(
    ids.map(async (id): Promise<[string, unknown]> => {
      const url = `${base}/api/${collection}/${encodeURIComponent(id)}?locale=all&depth=0`;
      let response;
      try {
        response = await fetchImpl(url, { headers: { accept: "application/json" } });
      } catch (error) {
        throw new Error(`Could not reach the CMS at ${base}: ${fetchFailure(error)}`);
      }
      if (response.status === 404) return [id, null];
      if (!response.ok) throw new Error(`The CMS answered ${response.status} ${response.statusText} for ${url}`);
      return [id, await response.json()];
    }),
  );
  return new Map(docs);
}

/** Everything but the events: what a preview needs when a draft refers to an organisation or image newer than the last build. */
export async function fetchSurroundings(cmsUrl: string, { fetchImpl = fetch }: { fetchImpl?: FetchImpl } = {}): Promise<Snapshot> {
  const base = cmsUrl.replace(/\/+$/, "");
  const [organizations, media, settings] = await Promise.all([
    getAllPages(base, cmsQueries.organizations, fetchImpl),
    getAllPages(base, cmsQueries.media, fetchImpl),
    getJson(`${base}${cmsQueries.settings}`, fetchImpl),
  ]);
  return { fetchedAt: new Date().toISOString(), source: base, events: [], organizations, media, settings };
}

function checkSnapshot(raw: unknown, name: string): Snapshot {
  const result = Snapshot.safeParse(raw);
  if (!result.success) throw new ContentError(formatIssues(name, result.error));
  return result.data;
}

export interface SourceOptions {
  /** A snapshot object, as the CMS answered (validated here). */
  snapshot?: z.input<typeof Snapshot>;
  /** A snapshot written by `npm run snapshot`. */
  snapshotFile?: string;
  /** The CMS to fetch from. */
  cmsUrl?: string;
  /** Where snapshot media files are (default: media/ beside the snapshot file). */
  mediaDir?: string;
  fetchImpl?: FetchImpl;
}

export type Source = ReturnType<typeof createSource>;

/**
 * A source remembers what it loaded, so that the build's data and the build
 * function share one fetch. Media files: from `mediaDir` for snapshots (the
 * snapshot command saves them there), from the CMS otherwise.
 */
export function createSource({ snapshot, snapshotFile, cmsUrl, mediaDir, fetchImpl = fetch }: SourceOptions = {}) {
  let loading: Promise<Snapshot> | undefined;
  const description = snapshot ? "snapshot (in memory)" : snapshotFile ? `snapshot ${snapshotFile}` : `CMS ${cmsUrl}`;
  if (!snapshot && !snapshotFile && !cmsUrl) throw new Error("Give a snapshot, a snapshot file or a CMS address");
  const filesDir = mediaDir ?? (snapshotFile ? path.join(path.dirname(path.resolve(snapshotFile)), "media") : undefined);

  async function load(): Promise<Snapshot> {
    if (snapshot) return checkSnapshot(snapshot, "snapshot");
    if (snapshotFile) {
      let text;
      try {
        text = await readFile(snapshotFile, "utf8");
      } catch (error) {
        throw new Error(`Cannot read the snapshot file ${snapshotFile}: ${errorMessage(error)}`);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new ContentError([`${snapshotFile}: is not JSON (${errorMessage(error)})`]);
      }
      return checkSnapshot(json, path.basename(snapshotFile));
    }
    // The constructor refused a source with none of the three.
    return checkSnapshot(await fetchSnapshot(cmsUrl ?? "", { fetchImpl }), "cms");
  }

  return {
    description,
    /** The raw snapshot, loaded once. */
    snapshot: () => (loading ??= load()),
    /** Some events as they are published now (null: no longer published), for a partial build. */
    async events(ids: string[]): Promise<Map<string, unknown>> {
      if (snapshot || snapshotFile || !cmsUrl) {
        const { events } = await (loading ??= load());
        const byId = new Map(events.map((e) => [documentId(e), e]));
        return new Map(ids.map((id) => [id, isDraft(byId.get(id)) ? null : (byId.get(id) ?? null)]));
      }
      return fetchEvents(cmsUrl, ids, { fetchImpl });
    },
    /** Some media documents as the CMS has them now (null: gone), for a partial build. */
    async media(ids: string[]): Promise<Map<string, unknown>> {
      if (ids.length === 0) return new Map();
      if (snapshot || snapshotFile || !cmsUrl) {
        const { media } = await (loading ??= load());
        const byId = new Map(media.map((m) => [documentId(m), m]));
        return new Map(ids.map((id) => [id, byId.get(id) ?? null]));
      }
      return fetchMedia(cmsUrl, ids, { fetchImpl });
    },
    /** Bytes of a media file the pages use. */
    async mediaFile(media: Pick<Media, "id" | "filename" | "url">): Promise<Buffer> {
      if (filesDir) {
        const file = path.join(filesDir, path.basename(media.filename));
        try {
          return await readFile(file);
        } catch {
          if (!cmsUrl) throw new Error(`media/${media.id}: the file ${media.filename} is not in ${filesDir}`);
        }
      }
      if (!cmsUrl) throw new Error(`media/${media.id}: no media folder or CMS address to take ${media.filename} from`);
      const url = new URL(media.url, cmsUrl).href;
      const response = await fetchImpl(url);
      if (!response.ok) throw new Error(`media/${media.id}: the CMS answered ${response.status} for ${url}`);
      return Buffer.from(await response.arrayBuffer());
    },
  };
}

/** A raw document's id as a string ("" when it has none): snapshots hold documents not validated yet. */
function documentId(doc: unknown): string {
  return typeof doc === "object" && doc !== null && "id" in doc ? String(doc.id) : "";
}
