// The wire (issue 12): what a browser or a CDN sees of the compressed copies the build makes, the
// cache lifetimes and revalidation. Raw node:http requests, because fetch() decompresses and sets
// Accept-Encoding itself.

import { request } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { events } from "./fixtures/json-site.js";
import { startTestService, waitForIdleLive, type TestService } from "./helpers.js";

let t: TestService;
beforeAll(async () => {
  // Enough events for the index pages to be worth compressing.
  t = await startTestService({ content: { events: events(20) } });
  await waitForIdleLive(t.builder);
});
afterAll(() => t?.close());

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Raw> {
  const url = new URL(path, t.site);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

const decode = (raw: Raw): string => {
  const encoding = raw.headers["content-encoding"];
  if (encoding === "br") return brotliDecompressSync(raw.body).toString("utf8");
  if (encoding === "gzip") return gunzipSync(raw.body).toString("utf8");
  return raw.body.toString("utf8");
};

describe("compression by Accept-Encoding", () => {
  test.each([
    ["/en/", "text/html; charset=utf-8"],
    ["/assets/site.3f2a9c1d.css", "text/css; charset=utf-8"],
  ])("%s: brotli, gzip or identity as asked, the same text each time, Vary: Accept-Encoding", async (path, type) => {
    const identity = await get(path);
    expect(identity.status).toBe(200);
    expect(identity.headers["content-encoding"]).toBeUndefined();
    const br = await get(path, { "accept-encoding": "gzip, deflate, br" });
    const gzip = await get(path, { "accept-encoding": "gzip" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    for (const raw of [identity, br, gzip]) {
      expect(raw.headers.vary).toBe("Accept-Encoding");
      expect(raw.headers["content-type"]).toBe(type);
      expect(decode(raw)).toBe(identity.body.toString("utf8"));
    }
    expect(br.body.length).toBeLessThan(identity.body.length);
    expect(gzip.body.length).toBeLessThan(identity.body.length);
  });

  test("HEAD says the same as GET", async () => {
    const head = await get("/en/", { "accept-encoding": "br" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers["content-encoding"]).toBe("br");
    expect(head.body.length).toBe(0);
  });
});

describe("caching", () => {
  test("a page revalidates: no-cache, and 304 with Vary and Cache-Control when its ETag (of that encoding) still matches", async () => {
    const first = await get("/en/", { "accept-encoding": "br" });
    expect(first.headers["cache-control"]).toBe("no-cache");
    const etag = String(first.headers.etag);
    expect(etag).toBeTruthy();
    const again = await get("/en/", { "accept-encoding": "br", "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.vary).toBe("Accept-Encoding");
    expect(again.headers["cache-control"]).toBe("no-cache");
    // The identity copy is another representation, with another tag.
    const identity = await get("/en/", { "if-none-match": etag });
    expect(identity.status).toBe(200);
    expect(identity.headers.etag).not.toBe(etag);
  });

  test("hashed assets are immutable for a year, compressed or not", async () => {
    for (const encoding of ["br", "gzip", "identity"]) {
      const raw = await get("/assets/site.3f2a9c1d.css", { "accept-encoding": encoding });
      expect(raw.status).toBe(200);
      expect(raw.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    }
  });
});

describe("icons and the manifest", () => {
  test("/favicon.ico and /manifest.webmanifest are served (200) with their types", async () => {
    const icon = await get("/favicon.ico");
    expect(icon.status).toBe(200);
    expect(icon.headers["content-type"]).toBe("image/x-icon");
    const manifest = await get("/manifest.webmanifest");
    expect(manifest.status).toBe(200);
    expect(manifest.headers["content-type"]).toBe("application/manifest+json");
    expect(manifest.headers["cache-control"]).toBe("no-cache");
    expect(JSON.parse(manifest.body.toString("utf8"))).toMatchObject({ name: "CICA Events" });
  });
});
