// Signing and verifying the messages between the CMS and the build service:
// the CMS's "published" notice and the build service's build report.
//
// Header:  X-CICA-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>
// v1 = HMAC-SHA256(secret, `${t}.${rawBody}`) over the exact bytes sent.
// Written by hand because it is twenty lines of node:crypto and the format is
// ours (modelled on Stripe's webhook signatures); a library would add nothing.
// A subpath export (`@cica/schema/signature`), not part of the index, so that
// nothing bundled for a browser ever pulls in node:crypto.

import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-cica-signature";
/** Messages older or newer than this (seconds) are refused. */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export function computeSignature(secret: string, timestamp: number, rawBody: string | Buffer): string {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex");
}

/** The header value for a body: `t=<unix>,v1=<hex>`; `rawBody` is exactly the bytes that will be sent. */
export function sign(secret: string, rawBody: string | Buffer, timestamp: number = Math.floor(Date.now() / 1000)): string {
  if (!secret) throw new Error("sign: secret is empty");
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, rawBody)}`;
}

export function parseSignatureHeader(header: string | undefined | null): { t: number; v1: string[] } | null {
  if (typeof header !== "string" || header.length === 0 || header.length > 1024) return null;
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) t = Number(value);
    // Several v1 values are allowed so a secret can be rotated without downtime.
    else if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) v1.push(value.toLowerCase());
  }
  if (t === undefined || v1.length === 0) return null;
  return { t, v1 };
}

export type VerifyResult = { ok: true; timestamp: number; signature: string } | { ok: false; status: 401; reason: string };

/**
 * Checks the header against the raw body. The HMAC is compared in constant
 * time before the timestamp is looked at, so an unsigned caller learns nothing.
 * Replays are not detected here: that needs memory (the receiver keeps it).
 * @param secrets the current secret, optionally followed by the previous one
 * @param options.now unix seconds
 */
export function verify(
  secrets: string | readonly string[],
  header: string | undefined | null,
  rawBody: string | Buffer,
  options: { now?: number; toleranceSeconds?: number } = {},
): VerifyResult {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const parsed = parseSignatureHeader(header);
  if (!header) return { ok: false, status: 401, reason: "missing X-CICA-Signature header" };
  if (!parsed) return { ok: false, status: 401, reason: "malformed X-CICA-Signature header (expected t=<unix>,v1=<hex>)" };

  const keys = (typeof secrets === "string" ? [secrets] : [...secrets]).filter(Boolean);
  let matched = "";
  for (const secret of keys) {
    const expected = Buffer.from(computeSignature(secret, parsed.t, rawBody), "hex");
    for (const candidate of parsed.v1) {
      const given = Buffer.from(candidate, "hex");
      if (given.length === expected.length && timingSafeEqual(given, expected)) matched = candidate;
    }
  }
  if (!matched) return { ok: false, status: 401, reason: "signature does not match the body" };

  const skew = now - parsed.t;
  if (Math.abs(skew) > tolerance) {
    return {
      ok: false,
      status: 401,
      reason: `timestamp is ${Math.abs(skew)} s ${skew > 0 ? "old" : "in the future"} (tolerance ${tolerance} s)`,
    };
  }
  return { ok: true, timestamp: parsed.t, signature: matched };
}

/** The one content type signed endpoints accept (anything else is answered 415). */
export const JSON_CONTENT_TYPE = "application/json";

export type SignedRequestOptions = {
  /** unix seconds; defaults to now (tests pass an old one to check staleness) */
  timestamp?: number;
  signal?: AbortSignal;
};

/**
 * POSTs `body` as JSON, signed with `secret` over exactly the bytes sent.
 * The one way anything in the project sends a signed message (notices,
 * previews, build reports, operator commands), so the header name, the content
 * type and "sign what you send" live here once.
 */
export function signedJsonPost(url: string | URL, body: unknown, secret: string, options: SignedRequestOptions = {}): Promise<Response> {
  const raw = JSON.stringify(body);
  return fetch(url, {
    method: "POST",
    headers: { "content-type": JSON_CONTENT_TYPE, [SIGNATURE_HEADER]: sign(secret, raw, options.timestamp) },
    body: raw,
    signal: options.signal,
  });
}

/**
 * What a signed GET signs in place of a body: its method and path with query.
 * Not an empty string: a signature over "" would also verify an empty POST body,
 * so a captured read could be replayed as a command.
 */
export function signedGetPayload(pathWithQuery: string): string {
  return `GET ${pathWithQuery}`;
}

/** GET `url` signed with `secret` (for reads that are not public, such as the build history). */
export function signedGet(url: string | URL, secret: string, options: SignedRequestOptions = {}): Promise<Response> {
  const { pathname, search } = new URL(url);
  return fetch(url, {
    headers: { accept: JSON_CONTENT_TYPE, [SIGNATURE_HEADER]: sign(secret, signedGetPayload(`${pathname}${search}`), options.timestamp) },
    signal: options.signal,
  });
}

export { BuildNotice, BuildReport, BuildTrigger } from "./pipeline.js";
