// @ts-check
// The build service's HTTP interface:
//   POST /hooks/publish   the CMS's signed "published" notice → 202, or 400/401/409/413
//   GET  /status          JSON for machines: live build, queue, kept builds, recent builds, next scheduled rebuild
//   POST /rollback        signed like a notice; body {"to"?: buildId} → serves a kept build again
//   POST /rebuild         signed like a notice; body {"force"?: boolean, "reason"?: string} → queues a full build
//   POST /preview         signed like a notice; body {"event": <draft>, "locale": "en"|"ru"|"zh"} → the event page's HTML
//   GET  /healthz         "ok"

import { createServer } from "node:http";
import { ReplayGuard } from "./replay-guard.mjs";
import { DEFAULT_TOLERANCE_SECONDS, SIGNATURE_HEADER, verify } from "./signature.mjs";
import { RollbackError } from "./builder.mjs";

const MAX_BODY_BYTES = 64 * 1024;
// A draft event with a long body text is larger than any notice.
const MAX_PREVIEW_BYTES = 2 * 1024 * 1024;

/**
 * @param {unknown} body
 * @param {readonly string[]} locales
 * @returns {{ ok: true, notice: import("./queue.mjs").Notice } | { ok: false, field: string, error: string }}
 */
export function parseNotice(body, locales) {
  if (!body || typeof body !== "object" || Array.isArray(body)) return { ok: false, field: "(body)", error: "the body must be a JSON object" };
  const b = /** @type {Record<string, unknown>} */ (body);
  if (typeof b.collection !== "string" || !/^[a-z0-9][a-z0-9_-]{0,63}$/i.test(b.collection)) {
    return { ok: false, field: "collection", error: "collection must be a collection slug such as \"events\"" };
  }
  if (!((typeof b.id === "string" && b.id.length > 0 && b.id.length <= 128) || Number.isInteger(b.id))) {
    return { ok: false, field: "id", error: "id must be the document id (a non-empty string or an integer)" };
  }
  if (typeof b.operation !== "string" || !/^[a-z][a-z-]{0,31}$/.test(b.operation)) {
    return { ok: false, field: "operation", error: "operation must be a word such as \"publish\", \"unpublish\", \"delete\" or \"update\"" };
  }
  /** @type {string[]} */
  let noticeLocales = [];
  if (b.locales !== undefined) {
    if (!Array.isArray(b.locales)) return { ok: false, field: "locales", error: `locales must be an array of ${locales.join(", ")}` };
    for (const [index, locale] of b.locales.entries()) {
      if (!locales.includes(locale)) {
        return { ok: false, field: `locales[${index}]`, error: `unknown locale ${JSON.stringify(locale)} (known: ${locales.join(", ")})` };
      }
    }
    noticeLocales = b.locales;
  }
  if (b.time !== undefined && (typeof b.time !== "string" || Number.isNaN(Date.parse(b.time)))) {
    return { ok: false, field: "time", error: "time must be an ISO 8601 date-time" };
  }
  return {
    ok: true,
    notice: {
      collection: b.collection,
      id: String(b.id),
      operation: b.operation,
      locales: noticeLocales,
      time: typeof b.time === "string" ? new Date(b.time).toISOString() : new Date().toISOString(),
    },
  };
}

/**
 * @param {object} options
 * @param {import("./builder.mjs").Builder} options.builder
 * @param {string[]} options.secrets      current secret first; a previous one may follow during rotation
 * @param {readonly string[]} options.locales
 * @param {() => object} [options.extraStatus]  merged into GET /status
 * @param {(input: { event: unknown, locale: unknown }) => Promise<{ ok: true, html: string } | { ok: false, errors: string[], field?: string, unavailable?: boolean }>} [options.preview]
 *   renders a draft event page (apps/site/lib/preview.js); without it POST /preview answers 404
 * @param {number} [options.toleranceSeconds]
 * @param {(line: string) => void} [options.log]
 */
export function createBuilderServer({ builder, secrets, locales, extraStatus = () => ({}), preview, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, log = () => {} }) {
  const replays = new ReplayGuard({ windowSeconds: toleranceSeconds });

  /**
   * Reads and authenticates a signed request; answers it and returns null when refused.
   * @param {import("node:http").IncomingMessage} req
   * @param {import("node:http").ServerResponse} res
   * @param {string} what
   */
  async function signedBody(req, res, what, maxBytes = MAX_BODY_BYTES) {
    const raw = await readBody(req, maxBytes);
    if (raw === null) {
      log(`rejected ${what} from ${remote(req)}: body larger than ${maxBytes} bytes`);
      json(res, 413, { error: `body larger than ${maxBytes} bytes` });
      return null;
    }
    const header = req.headers[SIGNATURE_HEADER];
    const result = verify(secrets, Array.isArray(header) ? header[0] : header, raw, { toleranceSeconds });
    if (!result.ok) {
      log(`rejected ${what} from ${remote(req)} (401): ${result.reason}`);
      json(res, 401, { error: result.reason });
      return null;
    }
    // A preview only reads: the CMS may ask for the same draft twice, so it is not refused as a replay.
    if (what !== "preview" && replays.seen.has(result.signature)) {
      log(`rejected ${what} from ${remote(req)} (409): replayed notice (signature t=${result.timestamp} already accepted)`);
      json(res, 409, { error: "this notice was already received (replay)" });
      return null;
    }
    let body;
    try {
      body = raw.length ? JSON.parse(raw.toString("utf8")) : {};
    } catch (error) {
      log(`rejected ${what} from ${remote(req)} (400): body is not JSON`);
      json(res, 400, { error: `body is not valid JSON: ${/** @type {Error} */ (error).message}` });
      return null;
    }
    return { body, accept: () => replays.remember(result.signature, result.timestamp) };
  }

  /**
   * @param {import("node:http").IncomingMessage} req
   * @param {import("node:http").ServerResponse} res
   */
  async function route(req, res) {
    const { pathname } = new URL(req.url ?? "/", "http://builder.invalid");
    const key = `${req.method} ${pathname}`;
    switch (key) {
      case "POST /hooks/publish": {
        const signed = await signedBody(req, res, "notice");
        if (!signed) return;
        const parsed = parseNotice(signed.body, locales);
        if (!parsed.ok) {
          log(`rejected notice from ${remote(req)} (400): ${parsed.field}: ${parsed.error}`);
          json(res, 400, { error: parsed.error, field: parsed.field });
          return;
        }
        if (!signed.accept()) {
          json(res, 409, { error: "this notice was already received (replay)" });
          return;
        }
        const n = parsed.notice;
        const state = builder.notify(n);
        log(`notice: ${n.operation} ${n.collection}/${n.id} [${n.locales?.join(",") || "all locales"}] → ${state}`);
        json(res, 202, { accepted: true, state });
        return;
      }
      case "POST /rebuild": {
        const signed = await signedBody(req, res, "rebuild request");
        if (!signed) return;
        signed.accept();
        const force = signed.body?.force === true;
        const reason = typeof signed.body?.reason === "string" ? signed.body.reason.slice(0, 200) : "manual";
        const state = builder.notify({ collection: "_manual", id: reason, operation: "rebuild", locales: [] }, { force });
        log(`manual rebuild${force ? " (drop gate skipped)" : ""}: ${reason} → ${state}`);
        json(res, 202, { accepted: true, state, force });
        return;
      }
      case "POST /rollback": {
        const signed = await signedBody(req, res, "rollback request");
        if (!signed) return;
        signed.accept();
        const to = typeof signed.body?.to === "string" && signed.body.to ? signed.body.to : undefined;
        try {
          const record = await builder.rollback(to);
          json(res, 200, { rolledBack: true, live: record.rolledBackTo, previous: record.previousLive ?? null });
        } catch (error) {
          if (!(error instanceof RollbackError)) throw error;
          log(`rollback refused: ${error.message}`);
          json(res, 409, { error: error.message });
        }
        return;
      }
      case "POST /preview": {
        if (!preview) {
          json(res, 404, { error: "this build service has no preview renderer" });
          return;
        }
        const signed = await signedBody(req, res, "preview", MAX_PREVIEW_BYTES);
        if (!signed) return;
        const started = Date.now();
        const result = await preview({ event: signed.body?.event, locale: signed.body?.locale });
        if (!result.ok) {
          const status = result.unavailable ? 503 : 400;
          log(`preview refused (${status}): ${result.errors.slice(0, 3).join("; ")}`);
          json(res, status, { error: result.unavailable ? "no content to preview with yet" : "the draft cannot be shown", ...(result.field ? { field: result.field } : {}), errors: result.errors });
          return;
        }
        log(`preview of events/${signed.body.event.id} (${signed.body.locale}) rendered in ${Date.now() - started} ms`);
        res.writeHead(200, {
          "Content-Type": "text/html; charset=utf-8",
          "Cache-Control": "no-store",
          "X-Robots-Tag": "noindex",
        });
        res.end(result.html);
        return;
      }
      case "GET /status":
      case "HEAD /status":
        json(res, 200, { ...(await builder.status()), ...extraStatus() });
        return;
      case "GET /healthz":
        res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
        res.end("ok\n");
        return;
      default: {
        const known = ["/hooks/publish", "/rebuild", "/rollback", "/preview", "/status", "/healthz"];
        if (known.includes(pathname)) json(res, 405, { error: `${req.method} is not allowed on ${pathname}` });
        else json(res, 404, { error: `no such endpoint: ${pathname}` });
      }
    }
  }

  return createServer((req, res) => {
    route(req, res).catch((error) => {
      log(`builder: ${req.method} ${req.url} failed: ${error?.stack ?? error}`);
      if (!res.headersSent) json(res, 500, { error: "internal error; see the build service log" });
      else res.end();
    });
  });
}

/**
 * @param {import("node:http").IncomingMessage} req
 * @param {number} maxBytes
 * @returns {Promise<Buffer | null>} null when too large
 */
function readBody(req, maxBytes) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * @param {import("node:http").ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function json(res, status, body) {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
  res.end(JSON.stringify(body, null, 2) + "\n");
}

/** @param {import("node:http").IncomingMessage} req */
function remote(req) {
  return req.socket.remoteAddress ?? "unknown";
}
