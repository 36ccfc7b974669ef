import { readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import type { FixtureSnapshot } from "../fixtures/generate.js";
import { listen, type Listening } from "./listen.js";

// A stand-in for the CMS's REST API, enough for the site's builds (tests and
// bench/site-build/partial.ts): paged or whole lists with locale=all&depth=0, an event
// by id, the site-settings global and media files. It serves whatever the
// `snapshot` object holds at the moment of the request, so a test changes the
// "CMS" by changing the object. Events with `_status: "draft"` are what an
// unpublished event looks like: left out of the published list, and returned
// as a draft by id.

export interface FakeCms extends Listening {
  /** Every request's path and query, in order. */
  requests: string[];
  /** How many of the next requests to answer 500. */
  failNext: number;
}

export function fakeCms(
  snapshot: FixtureSnapshot,
  { mediaDir, delayMs = 0 }: { mediaDir?: string; delayMs?: number } = {},
): Promise<FakeCms> {
  const requests: string[] = [];
  const state = { requests, failNext: 0 };
  const paged = (docs: unknown[], url: URL) => {
    // Payload: limit=0 (or pagination=false with no limit) lists every document, without paging.
    const whole = url.searchParams.get("limit") === "0" || url.searchParams.get("pagination") === "false";
    const limit = whole ? Math.max(docs.length, 1) : Number(url.searchParams.get("limit")) || 10;
    const page = whole ? 1 : Number(url.searchParams.get("page")) || 1;
    const slice = docs.slice((page - 1) * limit, page * limit);
    return {
      docs: slice,
      totalDocs: docs.length,
      page,
      limit,
      totalPages: Math.ceil(docs.length / limit),
      hasNextPage: page * limit < docs.length,
    };
  };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://cms");
    requests.push(url.pathname + url.search);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    const send = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (state.failNext > 0) {
      state.failNext -= 1;
      return send(500, { errors: [{ message: "Something went wrong." }] });
    }
    if (url.searchParams.get("depth") !== null && url.searchParams.get("depth") !== "0")
      return send(400, { errors: [{ message: "the site asks for depth=0" }] });
    const byId = url.pathname.match(/^\/api\/events\/([^/]+)$/);
    if (byId) {
      if (url.searchParams.get("locale") !== "all") return send(400, { errors: [{ message: "the site asks for locale=all" }] });
      const doc = snapshot.events.find((e) => e.id === decodeURIComponent(byId[1] ?? ""));
      return doc ? send(200, doc) : send(404, { errors: [{ message: "Not Found" }] });
    }
    if (url.pathname === "/api/events") {
      const publishedOnly = url.searchParams.get("where[_status][equals]") === "published";
      return send(
        200,
        paged(
          snapshot.events.filter((e) => !publishedOnly || e._status !== "draft"),
          url,
        ),
      );
    }
    if (url.pathname === "/api/organizations") return send(200, paged(snapshot.organizations, url));
    if (url.pathname === "/api/media") return send(200, paged(snapshot.media, url));
    if (url.pathname === "/api/globals/site-settings") return send(200, snapshot.settings);
    if (url.pathname.startsWith("/api/media/file/")) {
      const name = path.basename(decodeURIComponent(url.pathname));
      if (mediaDir) {
        try {
          return res.writeHead(200).end(await readFile(path.join(mediaDir, name)));
        } catch {
          return send(404, { errors: [{ message: "Not Found" }] });
        }
      }
      return res.writeHead(200).end(`file ${name}`);
    }
    send(404, { errors: [{ message: "Not Found" }] });
  });
  return listen(server).then((listening) => Object.assign(state, listening));
}
