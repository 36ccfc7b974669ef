// @ts-check
// Signing and verifying the CMS's "published" notice. No dependencies beyond
// node:crypto, so the CMS can import this file by relative path (or copy it)
// and both sides agree on the format byte for byte.
//
// Header:  X-CICA-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>
// v1 = HMAC-SHA256(secret, `${t}.${rawBody}`) over the exact bytes sent.
// Written by hand because it is twenty lines of node:crypto and the format is
// ours (modelled on Stripe's webhook signatures); a library would add nothing.

import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-cica-signature";
/** Notices older or newer than this (seconds) are refused. */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

/**
 * @param {string} secret
 * @param {number} timestamp unix seconds
 * @param {string | Buffer} rawBody
 */
export function computeSignature(secret, timestamp, rawBody) {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex");
}

/**
 * The header value for a body: `t=<unix>,v1=<hex>`.
 * @param {string} secret
 * @param {string | Buffer} rawBody exactly the bytes that will be sent
 * @param {number} [timestamp] unix seconds; now by default
 */
export function sign(secret, rawBody, timestamp = Math.floor(Date.now() / 1000)) {
  if (!secret) throw new Error("sign: secret is empty");
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, rawBody)}`;
}

/**
 * @param {string | undefined | null} header
 * @returns {{ t: number, v1: string[] } | null}
 */
export function parseSignatureHeader(header) {
  if (typeof header !== "string" || header.length === 0 || header.length > 1024) return null;
  /** @type {number | undefined} */
  let t;
  /** @type {string[]} */
  const v1 = [];
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

/**
 * @typedef {{ ok: true, timestamp: number, signature: string }
 *   | { ok: false, status: 401, reason: string }} VerifyResult
 */

/**
 * Checks the header against the raw body. The HMAC is compared in constant
 * time before the timestamp is looked at, so an unsigned caller learns nothing.
 * Replays are not detected here: that needs memory (see replay-guard.mjs).
 * @param {string | string[]} secrets the current secret, optionally followed by the previous one
 * @param {string | undefined | null} header
 * @param {string | Buffer} rawBody
 * @param {{ now?: number, toleranceSeconds?: number }} [options] now in unix seconds
 * @returns {VerifyResult}
 */
export function verify(secrets, header, rawBody, options = {}) {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const parsed = parseSignatureHeader(header);
  if (!header) return { ok: false, status: 401, reason: "missing X-CICA-Signature header" };
  if (!parsed) return { ok: false, status: 401, reason: "malformed X-CICA-Signature header (expected t=<unix>,v1=<hex>)" };

  const keys = (Array.isArray(secrets) ? secrets : [secrets]).filter(Boolean);
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
