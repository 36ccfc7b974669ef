// The build service's HTTP interface:
//   POST /hooks/publish   the CMS's signed "published" notice → 202, or 400/401/409/413/415
//   GET  /status          unsigned: health and the live build id (readiness checks);
//                         signed (signedGet): also the queue, kept builds, recent builds, next scheduled rebuild
//   POST /rollback        signed; body {"to"?: buildId} → serves a kept build again
//   POST /rebuild         signed; body {"force"?: boolean, "reason"?: string} → queues a full build
//   POST /preview         signed; body {"event": <draft>, "locale": "en"|"ru"|"zh"} → the event page's HTML
//   GET  /healthz         "ok"
// Every signed POST must be application/json (415 otherwise), and every one but
// /preview (which only reads) is refused the second time its signature is seen (409).
// A notice carries its change's key: a second notice with a key already acted on (the CMS's
// queue delivering one change twice, with a fresh signature) is answered 200 `duplicate`
// and builds nothing.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { BuildNotice, fieldPath, formatIssues } from "@cica/schema";
import { DEFAULT_TOLERANCE_SECONDS, JSON_CONTENT_TYPE, SIGNATURE_HEADER, signedGetPayload, verify } from "@cica/schema/signature";
import { RollbackError, type Builder } from "./builder.js";
import { ReplayGuard } from "./replay-guard.js";

const MAX_BODY_BYTES = 64 * 1024;
/**
 * How long a change's key is remembered. The CMS retries an undelivered notice for about
 * 4.5 hours (apps/cms/src/pipeline/notifySiteBuild.ts); a day covers every retry. Kept in
 * memory: after a restart of this service a duplicate can cause at most one extra build,
 * which changes nothing on the site.
 */
const NOTICE_KEY_SECONDS = 24 * 60 * 60;
// A draft event with a long body text is larger than any notice.
const MAX_PREVIEW_BYTES = 2 * 1024 * 1024;
const KNOWN_PATHS = ["/hooks/publish", "/rebuild", "/rollback", "/preview", "/status", "/healthz"];

export type PreviewResult = { ok: true; html: string } | { ok: false; errors: string[]; field?: string; unavailable?: boolean };
export type PreviewRenderer = (input: { event: unknown; locale: unknown }) => Promise<PreviewResult>;

export type ParsedNotice = { ok: true; notice: BuildNotice } | { ok: false; field: string; error: string; errors: string[] };

/** The notice checked against the shared contract; the refusal names the field (`locales[1]`) and what was sent. */
export function parseNotice(body: unknown): ParsedNotice {
  const result = BuildNotice.safeParse(body, { reportInput: true });
  if (result.success) return { ok: true, notice: result.data };
  const errors = formatIssues("notice", result.error);
  const [issue] = result.error.issues;
  const got = issue?.input === undefined ? "" : ` (got ${JSON.stringify(issue.input).slice(0, 100)})`;
  return { ok: false, field: fieldPath(issue?.path ?? []) || "(body)", error: `${errors[0] ?? "invalid notice"}${got}`, errors };
}

type Signed = { body: Record<string, unknown>; signature: string; timestamp: number };

export function createBuilderServer({
  builder,
  secrets,
  extraStatus = () => ({}),
  publicStatus = async () => ({}),
  preview,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
  log = () => {},
}: {
  builder: Builder;
  /** current secret first; a previous one may follow during rotation */
  secrets: string[];
  /** merged into the signed GET /status */
  extraStatus?: () => object | Promise<object>;
  /** merged into the unsigned GET /status (ids and times only) */
  publicStatus?: () => Promise<object>;
  /** renders a draft event page (@cica/site's preview); without it POST /preview answers 404 */
  preview?: PreviewRenderer;
  toleranceSeconds?: number;
  log?: (line: string) => void;
}): Server {
  const replays = new ReplayGuard({ windowSeconds: toleranceSeconds });
  // The same bounded, expiring memory as for signatures, keyed by the change instead.
  const changes = new ReplayGuard({ windowSeconds: NOTICE_KEY_SECONDS });

  /** Reads and authenticates a signed request; answers it and returns null when refused. */
  async function signedBody(req: IncomingMessage, res: ServerResponse, what: string, maxBytes = MAX_BODY_BYTES): Promise<Signed | null> {
    if (!isJson(req.headers["content-type"])) {
      log(`rejected ${what} from ${remote(req)} (415): Content-Type ${JSON.stringify(req.headers["content-type"] ?? "(none)")}`);
      json(res, 415, { error: `Content-Type must be ${JSON_CONTENT_TYPE}` });
      req.resume();
      return null;
    }
    const raw = await readBody(req, maxBytes);
    if (raw === null) {
      log(`rejected ${what} from ${remote(req)}: body larger than ${maxBytes} bytes`);
      json(res, 413, { error: `body larger than ${maxBytes} bytes` });
      return null;
    }
    const result = verify(secrets, headerOf(req), raw, { toleranceSeconds });
    if (!result.ok) {
      log(`rejected ${what} from ${remote(req)} (401): ${result.reason}`);
      json(res, 401, { error: result.reason });
      return null;
    }
    let body: unknown;
    try {
      body = raw.length ? JSON.parse(raw.toString("utf8")) : {};
    } catch (error) {
      log(`rejected ${what} from ${remote(req)} (400): body is not JSON`);
      json(res, 400, { error: `body is not valid JSON: ${error instanceof Error ? error.message : String(error)}` });
      return null;
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      json(res, 400, { error: "the body must be a JSON object", field: "(body)" });
      return null;
    }
    return { body: body as Record<string, unknown>, signature: result.signature, timestamp: result.timestamp }; // checked just above: a plain object
  }

  /** Accepts a command once: a second request with the same signature is a replay (409). */
  function firstTime(req: IncomingMessage, res: ServerResponse, what: string, signed: Signed): boolean {
    if (replays.remember(signed.signature, signed.timestamp)) return true;
    log(`rejected ${what} from ${remote(req)} (409): replayed (signature t=${signed.timestamp} already accepted)`);
    json(res, 409, { error: `this ${what} was already received (replay)` });
    return false;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? "/", "http://builder.invalid");
    switch (`${req.method} ${pathname}`) {
      case "POST /hooks/publish": {
        const signed = await signedBody(req, res, "notice");
        if (!signed) return;
        const parsed = parseNotice(signed.body);
        if (!parsed.ok) {
          log(`rejected notice from ${remote(req)} (400): ${parsed.error}`);
          json(res, 400, { error: parsed.error, field: parsed.field, errors: parsed.errors });
          return;
        }
        if (!firstTime(req, res, "notice", signed)) return;
        const n = parsed.notice;
        if (n.key && !changes.remember(n.key, Math.floor(Date.now() / 1000))) {
          log(`notice: ${n.operation} ${n.collection}/${n.id} is a duplicate of change ${n.key} (already received): nothing to build`);
          json(res, 200, { accepted: true, duplicate: true, key: n.key });
          return;
        }
        const state = builder.notify(n);
        log(`notice: ${n.operation} ${n.collection}/${n.id} [${n.locales.join(",") || "all locales"}] → ${state}`);
        json(res, 202, { accepted: true, state });
        return;
      }
      case "POST /rebuild": {
        const signed = await signedBody(req, res, "rebuild request");
        if (!signed || !firstTime(req, res, "rebuild request", signed)) return;
        const force = signed.body.force === true;
        const reason = typeof signed.body.reason === "string" ? signed.body.reason.slice(0, 200) : "manual";
        const state = builder.notify({ collection: "_manual", id: reason, operation: "rebuild" }, { force });
        log(`manual rebuild${force ? " (drop gate skipped)" : ""}: ${reason} → ${state}`);
        json(res, 202, { accepted: true, state, force });
        return;
      }
      case "POST /rollback": {
        const signed = await signedBody(req, res, "rollback request");
        if (!signed || !firstTime(req, res, "rollback request", signed)) return;
        const to = typeof signed.body.to === "string" && signed.body.to ? signed.body.to : undefined;
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
        // A preview only reads: the CMS may ask for the same draft twice, so it is not refused as a replay.
        const signed = await signedBody(req, res, "preview", MAX_PREVIEW_BYTES);
        if (!signed) return;
        const started = Date.now();
        const result = await preview({ event: signed.body.event, locale: signed.body.locale });
        if (!result.ok) {
          const status = result.unavailable ? 503 : 400;
          log(`preview refused (${status}): ${result.errors.slice(0, 3).join("; ")}`);
          json(res, status, {
            error: result.unavailable ? "no content to preview with yet" : "the draft cannot be shown",
            ...(result.field ? { field: result.field } : {}),
            errors: result.errors,
          });
          return;
        }
        log(`preview (${String(signed.body.locale)}) rendered in ${Date.now() - started} ms`);
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "X-Robots-Tag": "noindex" });
        res.end(result.html);
        return;
      }
      case "GET /status":
      case "HEAD /status": {
        const header = headerOf(req);
        if (header === undefined) {
          // Public: enough for a readiness check, nothing about what was built or why.
          json(res, 200, { health: "ok", live: await builder.store.liveBuildId(), ...(await publicStatus()) });
          return;
        }
        const checked = verify(secrets, header, signedGetPayload(req.url ?? pathname), { toleranceSeconds });
        if (!checked.ok) {
          log(`rejected status request from ${remote(req)} (401): ${checked.reason}`);
          json(res, 401, { error: checked.reason });
          return;
        }
        json(res, 200, { health: "ok", ...(await builder.status()), ...(await extraStatus()) });
        return;
      }
      case "GET /healthz":
        res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
        res.end("ok\n");
        return;
      default:
        if (KNOWN_PATHS.includes(pathname)) json(res, 405, { error: `${req.method} is not allowed on ${pathname}` });
        else json(res, 404, { error: `no such endpoint: ${pathname}` });
    }
  }

  return createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      log(`builder: ${req.method} ${req.url} failed: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) json(res, 500, { error: "internal error; see the build service log" });
      else res.end();
    });
  });
}

/** application/json, with or without parameters such as charset. */
function isJson(contentType: string | undefined): boolean {
  return contentType?.split(";")[0]?.trim().toLowerCase() === JSON_CONTENT_TYPE;
}

function headerOf(req: IncomingMessage): string | undefined {
  const header = req.headers[SIGNATURE_HEADER];
  return Array.isArray(header) ? header[0] : header;
}

/** The body, or null when it is larger than maxBytes. */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
  res.end(JSON.stringify(body, null, 2) + "\n");
}

function remote(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? "unknown";
}
