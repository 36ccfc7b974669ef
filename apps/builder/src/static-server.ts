// The static server for `npm start`: serves whatever <DATA_DIR>/site/live
// points at. The symlink is resolved on every request, so a swap is seen by
// the very next request, and a request that started before the swap finishes
// from the folder it began with. In production any static host or CDN can
// serve the same folder (see README.md); this server mirrors the rules such a
// host should be given, and sends the security headers of headers.ts.

import { realpath, readFile, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, normalize, posix, sep } from "node:path";
import { lookup } from "mrmime";
import Negotiator from "negotiator";
import sirv from "sirv";
import { HASHED_NAME_PATTERN, IMMUTABLE_CACHE, securityHeadersFor } from "./headers.js";
import { errorCode } from "./store.js";

const HTML = "text/html; charset=utf-8";

/** Types sirv's table (mrmime) lacks or that must carry a charset or a more specific type. */
const TYPES: Record<string, string> = {
  ".html": HTML,
  ".htm": HTML,
  ".ics": "text/calendar; charset=utf-8",
  ".atom": "application/atom+xml",
  ".xml": "application/xml",
  ".css": "text/css; charset=utf-8",
  // RFC 9239 made text/javascript the one registered type; application/javascript is obsolete.
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".ico": "image/x-icon",
  ".pdf": "application/pdf",
};
/** Feeds are plain .xml files by name; the type tells feed readers what they hold. */
const FEED_NAMES = new Set(["feed.xml", "atom.xml"]);

/** Pages, calendars and feeds change with every publish: always revalidate (cheap with ETag → 304). */
const REVALIDATE = "no-cache";
/** Names carrying a content hash (app.3f2a9c1d.css, photo-3f2a9c1d7e.webp) never change. */
const IMMUTABLE = IMMUTABLE_CACHE;
/** Other assets (uploaded images, PDFs) may be replaced under the same name, but rarely. */
const SHORT = "public, max-age=300";
const FINGERPRINT = new RegExp(HASHED_NAME_PATTERN, "i");
const REVALIDATED_EXTENSIONS = new Set(["", ".html", ".htm", ".ics", ".xml", ".atom", ".json", ".txt", ".webmanifest"]);

/** Content type and caching of a request path (already decoded). */
export function headersFor(pathname: string): { type: string; cacheControl: string } {
  const name = posix.basename(pathname);
  const ext = pathname.endsWith("/") ? ".html" : extname(name).toLowerCase();
  let type = FEED_NAMES.has(name) ? "application/atom+xml" : TYPES[ext];
  if (ext === "") type = HTML; // /en/events/x resolves to x.html or x/index.html
  type ??= lookup(name) ?? "application/octet-stream";
  const cacheControl = REVALIDATED_EXTENSIONS.has(ext) ? REVALIDATE : FINGERPRINT.test(name) ? IMMUTABLE : SHORT;
  return { type, cacheControl };
}

export type SiteHandlerOptions = {
  /** path of the live symlink */
  liveDir: string;
  /** the first is the default */
  locales: readonly string[];
  /** the public address: HSTS when https */
  siteUrl?: string;
  log?: (line: string) => void;
};

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createSiteHandler({ liveDir, locales, siteUrl, log = () => {} }: SiteHandlerOptions): { handle: Handler } {
  const defaultLocale = locales[0] ?? "en";
  /** One sirv per build folder. Its "dev" mode stats the requested file per request instead of
   * walking the whole folder up front, which for thousands of pages would block the process for
   * a noticeable moment right after every swap. */
  const servers = new Map<string, ReturnType<typeof sirv>>();

  function serverFor(root: string): ReturnType<typeof sirv> {
    let server = servers.get(root);
    if (!server) {
      server = sirv(root, {
        dev: true,
        etag: true,
        // The build writes page.html.br and page.html.gz beside page.html (@cica/site compressFiles);
        // sirv picks one by Accept-Encoding, with Content-Encoding, and an ETag of the file it sends.
        brotli: true,
        gzip: true,
        dotfiles: false,
        extensions: ["html"],
        setHeaders(res, pathname) {
          const { type, cacheControl } = headersFor(pathname);
          res.setHeader("Content-Type", type);
          res.setHeader("Cache-Control", cacheControl);
        },
      });
      servers.set(root, server);
      for (const old of servers.keys()) if (servers.size > 8) servers.delete(old);
    }
    return server;
  }

  async function liveRoot(): Promise<string | null> {
    try {
      return await realpath(liveDir);
    } catch (error) {
      if (errorCode(error) === "ENOENT") return null;
      throw error;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" });
      res.end("Method not allowed\n");
      return;
    }
    const url = new URL(req.url ?? "/", "http://site.invalid");
    // Every answer (pages, assets, redirects, errors) carries them.
    for (const [name, value] of Object.entries(securityHeadersFor(url.pathname, { siteUrl }))) res.setHeader(name, value);
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      pathname = "";
    }
    // Hidden files (.env, .git) are never part of the site; .well-known is the one exception.
    const hidden = pathname.split("/").some((segment) => segment.startsWith(".") && segment !== ".well-known");
    if (!pathname || pathname.includes("\0") || pathname.includes("\\") || hidden) {
      res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("Bad request\n");
      return;
    }

    const root = await liveRoot();
    if (!root) {
      res.writeHead(503, { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "5", "Cache-Control": "no-store" });
      res.end("The site is being built for the first time; try again in a few seconds.\n");
      return;
    }

    if (pathname === "/") {
      const locale = new Negotiator({ headers: { "accept-language": req.headers["accept-language"] ?? "" } }).language([...locales]);
      res.writeHead(302, {
        Location: `/${locale ?? defaultLocale}/${url.search}`,
        Vary: "Accept-Language",
        "Cache-Control": "no-cache",
      });
      res.end();
      return;
    }

    // /en → /en/ so relative links in the index page resolve under the folder.
    if (!pathname.endsWith("/") && !posix.basename(pathname).includes(".")) {
      const dir = normalize(join(root, pathname));
      if (dir.startsWith(root + sep) && (await isFile(join(dir, "index.html"))) && !(await isFile(`${dir}.html`))) {
        res.writeHead(301, { Location: `${url.pathname}/${url.search}`, "Cache-Control": "no-cache" });
        res.end();
        return;
      }
    }

    // Set before sirv, which answers a matching If-None-Match with a bare 304: it must still say how
    // long to keep the copy and that it depends on Accept-Encoding (RFC 9110 §15.4.5).
    res.setHeader("Cache-Control", headersFor(pathname).cacheControl);
    res.setHeader("Vary", "Accept-Encoding");
    serverFor(root)(req, res, () => void notFound(root, pathname, res));
  }

  async function notFound(root: string, pathname: string, res: ServerResponse): Promise<void> {
    const first = pathname.split("/")[1] ?? "";
    const locale = locales.includes(first) ? first : defaultLocale;
    const headers = { "Content-Type": HTML, "Cache-Control": REVALIDATE };
    try {
      const page = await readFile(join(root, locale, "404.html"));
      res.writeHead(404, headers);
      res.end(page);
    } catch {
      res.writeHead(404, { ...headers, "Content-Type": "text/plain; charset=utf-8" });
      res.end("Not found\n");
    }
  }

  return {
    handle: async (req, res) => {
      try {
        await handle(req, res);
      } catch (error) {
        log(`static server: ${req.method} ${req.url} failed: ${error instanceof Error ? error.stack : String(error)}`);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end("Internal server error\n");
      }
    },
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export function createStaticServer(options: SiteHandlerOptions): { server: Server } {
  const site = createSiteHandler(options);
  const server = createServer((req, res) => void site.handle(req, res));
  return { server };
}
