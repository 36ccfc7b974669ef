import { readFile } from "node:fs/promises";
import path from "node:path";
import { Snapshot, formatIssues } from "@cica/schema";
import { ContentError } from "./content.js";

// Where the content comes from: a snapshot (object or file) or the CMS REST API.
// Either way the result is the same raw Snapshot, validated later document by
// document, so a snapshot build and a CMS build run the same code.

const PAGE_SIZE = 100;

/** The REST queries the CMS serves; `locale=all&depth=0` keeps every translation and only ids for relations. */
export const cmsQueries = {
  events: "/api/events?locale=all&depth=0&where[_status][equals]=published",
  organizations: "/api/organizations?locale=all&depth=0",
  media: "/api/media?locale=all&depth=0",
  settings: "/api/globals/site-settings?locale=all&depth=0",
};

async function getJson(url, fetchImpl) {
  let response;
  try {
    response = await fetchImpl(url, { headers: { accept: "application/json" } });
  } catch (error) {
    throw new Error(`Could not reach the CMS at ${new URL(url).origin}: ${error.cause?.message ?? error.message}`);
  }
  if (!response.ok) throw new Error(`The CMS answered ${response.status} ${response.statusText} for ${url}`);
  return response.json();
}

/** Every document of a paginated Payload collection endpoint. */
async function getAllPages(base, query, fetchImpl) {
  const docs = [];
  for (let page = 1; ; page++) {
    const body = await getJson(`${base}${query}&limit=${PAGE_SIZE}&page=${page}`, fetchImpl);
    if (!Array.isArray(body?.docs)) throw new Error(`The CMS did not return a list of documents for ${query}`);
    docs.push(...body.docs);
    if (!body.hasNextPage) return docs;
  }
}

export async function fetchSnapshot(cmsUrl, { fetchImpl = fetch } = {}) {
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
export async function fetchEvents(cmsUrl, ids, { fetchImpl = fetch } = {}) {
  const base = cmsUrl.replace(/\/+$/, "");
  const docs = await Promise.all(
    ids.map(async (id) => {
      const url = `${base}/api/events/${encodeURIComponent(id)}?locale=all&depth=0`;
      let response;
      try {
        response = await fetchImpl(url, { headers: { accept: "application/json" } });
      } catch (error) {
        throw new Error(`Could not reach the CMS at ${base}: ${error.cause?.message ?? error.message}`);
      }
      if (response.status === 404) return [id, null];
      if (!response.ok) throw new Error(`The CMS answered ${response.status} ${response.statusText} for ${url}`);
      const doc = await response.json();
      return [id, doc?._status === "draft" ? null : doc];
    }),
  );
  return new Map(docs);
}

/** Everything but the events: what a preview needs when a draft refers to an organisation or image newer than the last build. */
export async function fetchSurroundings(cmsUrl, { fetchImpl = fetch } = {}) {
  const base = cmsUrl.replace(/\/+$/, "");
  const [organizations, media, settings] = await Promise.all([
    getAllPages(base, cmsQueries.organizations, fetchImpl),
    getAllPages(base, cmsQueries.media, fetchImpl),
    getJson(`${base}${cmsQueries.settings}`, fetchImpl),
  ]);
  return { fetchedAt: new Date().toISOString(), source: base, events: [], organizations, media, settings };
}

function checkSnapshot(raw, name) {
  const result = Snapshot.safeParse(raw);
  if (!result.success) throw new ContentError(formatIssues(name, result.error));
  return result.data;
}

/**
 * A source remembers what it loaded, so that each `_data` file and the build
 * function share one fetch. Media files: from `mediaDir` for snapshots (the
 * snapshot command saves them there), from the CMS otherwise.
 */
export function createSource({ snapshot, snapshotFile, cmsUrl, mediaDir, fetchImpl = fetch } = {}) {
  let loading;
  const description = snapshot ? "snapshot (in memory)" : snapshotFile ? `snapshot ${snapshotFile}` : `CMS ${cmsUrl}`;
  if (!snapshot && !snapshotFile && !cmsUrl) throw new Error("Give a snapshot, a snapshot file or a CMS address");
  const filesDir = mediaDir ?? (snapshotFile ? path.join(path.dirname(path.resolve(snapshotFile)), "media") : undefined);

  async function load() {
    if (snapshot) return checkSnapshot(snapshot, "snapshot");
    if (snapshotFile) {
      let text;
      try {
        text = await readFile(snapshotFile, "utf8");
      } catch (error) {
        throw new Error(`Cannot read the snapshot file ${snapshotFile}: ${error.message}`);
      }
      let json;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new ContentError([`${snapshotFile}: is not JSON (${error.message})`]);
      }
      return checkSnapshot(json, path.basename(snapshotFile));
    }
    return checkSnapshot(await fetchSnapshot(cmsUrl, { fetchImpl }), "cms");
  }

  return {
    description,
    /** The raw snapshot, loaded once. */
    snapshot: () => (loading ??= load()),
    /** Some events as they are published now (null: no longer published), for a partial build. */
    async events(ids) {
      if (snapshot || snapshotFile) {
        const { events } = await (loading ??= load());
        const byId = new Map(events.map((e) => [String(e.id), e]));
        return new Map(ids.map((id) => [id, byId.get(id)?._status === "draft" ? null : (byId.get(id) ?? null)]));
      }
      return fetchEvents(cmsUrl, ids, { fetchImpl });
    },
    /** Bytes of a media file the pages use. */
    async mediaFile(media) {
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
