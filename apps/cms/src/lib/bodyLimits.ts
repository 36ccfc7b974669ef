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
  Response.json({ errors: [{ message: `The ${what} is larger than ${Math.round(max / 1024 / 1024)} MB; nothing was saved.` }] }, { status: 413 });

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
 * Wraps a Next route handler: a non-multipart body over `limits.jsonBodyBytes`
 * gets 413 before it is buffered — at once when Content-Length says so,
 * otherwise as soon as the stream passes the limit. Multipart bodies are left
 * to Payload's upload limits above.
 */
export function withBodyLimit<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    const type = request.headers.get("content-type") ?? "";
    if (!request.body || type.includes("multipart/")) return handler(request, context);
    const max = limits.jsonBodyBytes;
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > max) {
      await drain(request.body.getReader(), 0);
      return tooLarge("request body", max);
    }
    const body = await readAtMost(request.body, max);
    if (!body) return tooLarge("request body", max);
    // The same request with the body already read (the original stream is consumed).
    return handler(new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal }), context);
  };
}
