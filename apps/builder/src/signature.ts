// @ts-check
// Signing and verifying the CMS's "published" notice and the build reports.
// The one implementation lives in @cica/schema (packages/schema/src/signature.ts),
// shared with the CMS so both sides agree on the format byte for byte:
//   X-CICA-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, `${t}.${rawBody}`)>
// This file keeps the service's import names stable.

export {
  SIGNATURE_HEADER,
  DEFAULT_TOLERANCE_SECONDS,
  computeSignature,
  sign,
  parseSignatureHeader,
  verify,
} from "@cica/schema/signature";
