import { limits } from "@cica/schema";

// Request bodies are bounded before anything reads them whole. Payload reads a
// JSON body with `req.text()` and no limit of its own; multipart uploads go
// through its busboy parser, which takes the limits below.

/**
 * Payload's `upload` option: a file of at most `limits.uploadBytes`, answered 413 beyond.
 * The admin saves documents as multipart with the data in one `_payload` field, which
 * gets the same bound as a JSON body (Payload's default is 1 MB).
 */
export const uploadOptions = {
  limits: { fileSize: limits.uploadBytes, fieldSize: limits.jsonBodyBytes },
  abortOnLimit: true,
  // The file plus the form's other fields (`_payload` is at most one JSON body).
  requestSizeLimit: limits.uploadBytes + limits.jsonBodyBytes,
};

const tooLarge = (what: string, max: number) =>
  Response.json(
    { errors: [{ message: `The ${what} is larger than ${Math.round(max / 1024 / 1024)} MB; nothing was saved.` }] },
    { status: 413 },
  );

/**
 * A client still sending when the 413 goes out sees its connection reset
 * instead of the answer; so the rest of a moderately oversized body is read
 * and dropped (never kept), up to this many bytes, before answering.
 */
const drainAtMost = 8 * limits.jsonBodyBytes;

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, already: number): Promise<void> {
  let size = already;
  while (size <= drainAtMost) {
    const { done, value } = await reader.read();
    if (done) return;
    size += value.byteLength;
  }
  await reader.cancel();
}

/** The body, read up to `max` bytes; null as soon as it has more (the rest is drained, not kept). */
async function readAtMost(body: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await drain(reader, size);
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/**
 * How deeply a JSON body may nest. A body 100,000 levels deep parses (V8's JSON.parse does
 * not recurse) but then overflows the stack in Payload's recursive copying and traversal:
 * a 500. Rich text nests about two JSON levels per editor level; the rich text field refuses
 * anything over limits.richTextDepth with its own message naming the field, which needs a
 * body of some thousands of levels to reach it (test/limits.rest.test.ts sends 3,000 editor
 * levels), so the cut-off here is well above that and well below what overflows.
 */
export const MAX_JSON_DEPTH = 8_000;

/**
 * The deepest nesting of objects and arrays in a JSON text, counted without parsing
 * (hand-written: no maintained library measures depth without building the value, and
 * building it is what must not happen); stops counting at `max + 1`.
 */
export function jsonDepth(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > max) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** Bodies Payload reads: JSON, and the admin's multipart form (its data as JSON in `_payload`, plus files). */
const acceptedBody = /^(application\/json|multipart\/form-data)\s*(;|$)/i;

const badRequest = (status: number, message: string) => Response.json({ errors: [{ message }] }, { status });

/**
 * Wraps a Next route handler: a non-multipart body over `limits.jsonBodyBytes`
 * gets 413 before it is buffered — at once when Content-Length says so,
 * otherwise as soon as the stream passes the limit. Multipart bodies are left
 * to Payload's upload limits above.
 */
export function withBodyLimit<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    const type = request.headers.get("content-type") ?? "";
    if (!request.body) return handler(request, context);
    // Any other type was read as JSON anyway, or not at all, and answered 500.
    if (type && !acceptedBody.test(type)) {
      await drain(request.body.getReader(), 0);
      return badRequest(
        415,
        `Send the request body as application/json (or multipart/form-data with the data in "_payload"), not ${JSON.stringify(type.split(";")[0])}; nothing was saved.`,
      );
    }
    if (type.includes("multipart/")) return handler(request, context);
    const max = limits.jsonBodyBytes;
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > max) {
      await drain(request.body.getReader(), 0);
      return tooLarge("request body", max);
    }
    const body = await readAtMost(request.body, max);
    if (!body) return tooLarge("request body", max);
    if (jsonDepth(new TextDecoder().decode(body)) > MAX_JSON_DEPTH) {
      return badRequest(400, `The request body is nested more than ${MAX_JSON_DEPTH} levels deep; nothing was saved.`);
    }
    // The same request with the body already read (the original stream is consumed).
    return handler(new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal }), context);
  };
}
