// @ts-check
// The static server for `npm start`: serves whatever <DATA_DIR>/site/live
// points at. The symlink is resolved on every request, so a swap is seen by
// the very next request, and a request that started before the swap finishes
// from the folder it began with. In production any static host or CDN can
// serve the same folder (see README.md); this server mirrors the rules such a
// host should be given.

import { createServer } from "node:http";
import { realpath, readFile, stat } from "node:fs/promises";
import { extname, join, normalize, posix, sep } from "node:path";
import { lookup } from "mrmime";
// @ts-ignore -- negotiator publishes no types; its one use below is simple
import Negotiator from "negotiator";
import sirv from "sirv";

/** Types sirv's table (mrmime) lacks or that must carry a charset or a more specific type. */
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
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
const IMMUTABLE = "public, max-age=31536000, immutable";
/** Other assets (uploaded images, PDFs) may be replaced under the same name, but rarely. */
const SHORT = "public, max-age=300";
const FINGERPRINT = /[.-][0-9a-f]{8,}\.[a-z0-9]+$/i;
const REVALIDATED_EXTENSIONS = new Set(["", ".html", ".htm", ".ics", ".xml", ".atom", ".json", ".txt", ".webmanifest"]);

/**
 * @param {string} pathname request path (already decoded)
 */
export function headersFor(pathname) {
  const name = posix.basename(pathname);
  const ext = pathname.endsWith("/") ? ".html" : extname(name).toLowerCase();
  /** @type {string | undefined} */
  let type = FEED_NAMES.has(name) ? "application/atom+xml" : TYPES[/** @type {keyof TYPES} */ (ext)];
  if (ext === "") type = TYPES[".html"]; // /en/events/x resolves to x.html or x/index.html
  type ??= lookup(name) ?? "application/octet-stream";
  const cacheControl = REVALIDATED_EXTENSIONS.has(ext) ? REVALIDATE : FINGERPRINT.test(name) ? IMMUTABLE : SHORT;
  return { type, cacheControl };
}

/**
 * @param {object} options
 * @param {string} options.liveDir          path of the live symlink
 * @param {readonly string[]} options.locales  the first is the default
 * @param {(line: string) => void} [options.log]
 * @returns {{ handle: (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => Promise<void> }}
 */
export function createSiteHandler({ liveDir, locales, log = () => {} }) {
  const defaultLocale = locales[0] ?? "en";
  /** One sirv per build folder. Its "dev" mode stats the requested file per request instead of
   * walking the whole folder up front, which for thousands of pages would block the process for
   * a noticeable moment right after every swap. */
  const servers = new Map();

  /** @param {string} root */
  function serverFor(root) {
    let server = servers.get(root);
    if (!server) {
      server = sirv(root, {
        dev: true,
        etag: true,
        dotfiles: false,
        extensions: ["html"],
        setHeaders(res, pathname) {
          const { type, cacheControl } = headersFor(pathname);
          res.setHeader("Content-Type", type);
          res.setHeader("Cache-Control", cacheControl);
          res.setHeader("X-Content-Type-Options", "nosniff");
        },
      });
      servers.set(root, server);
      while (servers.size > 8) servers.delete(servers.keys().next().value);
    }
    return server;
  }

  async function liveRoot() {
    try {
      return await realpath(liveDir);
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code === "ENOENT") return null;
      throw error;
    }
  }

  /**
   * @param {import("node:http").IncomingMessage} req
   * @param {import("node:http").ServerResponse} res
   */
  async function handle(req, res) {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" });
      res.end("Method not allowed\n");
      return;
    }
    const url = new URL(req.url ?? "/", "http://site.invalid");
    let pathname;
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

    serverFor(root)(req, res, () => void notFound(root, pathname, res));
  }

  /**
   * @param {string} root
   * @param {string} pathname
   * @param {import("node:http").ServerResponse} res
   */
  async function notFound(root, pathname, res) {
    const first = pathname.split("/")[1] ?? "";
    const locale = locales.includes(first) ? first : defaultLocale;
    const headers = { "Content-Type": TYPES[".html"], "Cache-Control": REVALIDATE, "X-Content-Type-Options": "nosniff" };
    try {
      const page = await readFile(join(root, locale, "404.html"));
      res.writeHead(404, headers);
      res.end(page);
    } catch {
      res.writeHead(404, { ...headers, "Content-Type": TYPES[".txt"] });
      res.end("Not found\n");
    }
  }

  return {
    handle: async (req, res) => {
      try {
        await handle(req, res);
      } catch (error) {
        log(`static server: ${req.method} ${req.url} failed: ${/** @type {Error} */ (error).stack}`);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end("Internal server error\n");
      }
    },
  };
}

/** @param {string} path */
async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * @param {Parameters<typeof createSiteHandler>[0]} options
 */
export function createStaticServer(options) {
  const site = createSiteHandler(options);
  const server = createServer((req, res) => void site.handle(req, res));
  return { server };
}
