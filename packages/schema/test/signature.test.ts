import { describe, expect, it } from "vitest";
import { BuildNotice, BuildReport } from "../src/index.js";
import { JSON_CONTENT_TYPE, SIGNATURE_HEADER, sign, signedGet, signedGetPayload, signedJsonPost, verify } from "../src/signature.js";

const SECRET = "test-only-secret-0123456789abcdef";
const body = JSON.stringify({ collection: "events", id: "1", operation: "publish", locales: ["en"], time: "2025-01-01T00:00:00.000Z" });

describe("signature shared by the CMS and the build service", () => {
  it("signs as t=<unix>,v1=<64 hex> and verifies against the same bytes", () => {
    const header = sign(SECRET, body, 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verify(SECRET, header, body, { now: 1_700_000_010 })).toMatchObject({ ok: true, timestamp: 1_700_000_000 });
    expect(verify(SECRET, header, Buffer.from(body), { now: 1_700_000_010 }).ok).toBe(true);
  });

  it("is the HMAC-SHA256 of `${t}.${body}`, so any other implementation can check it", async () => {
    const { createHmac } = await import("node:crypto");
    const expected = createHmac("sha256", SECRET).update(`1700000000.${body}`).digest("hex");
    expect(sign(SECRET, body, 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it("refuses a changed byte, another secret, a missing or malformed header", () => {
    const header = sign(SECRET, body, 1_700_000_000);
    const now = { now: 1_700_000_000 };
    expect(verify(SECRET, header, body.replace('"1"', '"2"'), now)).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringContaining("does not match"),
    });
    expect(verify("another-secret", header, body, now).ok).toBe(false);
    expect(verify(SECRET, undefined, body, now)).toMatchObject({ ok: false, reason: expect.stringContaining("missing") });
    expect(verify(SECRET, "sha256=abc", body, now)).toMatchObject({ ok: false, reason: expect.stringContaining("malformed") });
  });

  it("refuses a timestamp more than five minutes off either way", () => {
    const t = 1_700_000_000;
    const header = sign(SECRET, body, t);
    expect(verify(SECRET, header, body, { now: t + 300 }).ok).toBe(true);
    expect(verify(SECRET, header, body, { now: t + 301 })).toMatchObject({ ok: false, reason: expect.stringContaining("301 s old") });
    expect(verify(SECRET, header, body, { now: t - 301 })).toMatchObject({ ok: false, reason: expect.stringContaining("future") });
    expect(verify(SECRET, header, body, { now: t + 1000, toleranceSeconds: 2000 }).ok).toBe(true);
  });

  it("accepts the previous secret during a rotation", () => {
    const header = sign("old-secret", body, 1_700_000_000);
    expect(verify(["new-secret", "old-secret"], header, body, { now: 1_700_000_000 }).ok).toBe(true);
    expect(verify(["new-secret"], header, body, { now: 1_700_000_000 }).ok).toBe(false);
  });

  it("refuses to sign with an empty secret", () => {
    expect(() => sign("", body)).toThrow(/secret is empty/);
  });
});

describe("pipeline messages", () => {
  it("a notice names collection, id, operation, known locales and an ISO time", () => {
    expect(BuildNotice.safeParse(JSON.parse(body)).success).toBe(true);
    const wrong = BuildNotice.safeParse({ collection: "events", id: "1", operation: "publish", locales: ["fr"], time: "yesterday" });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues.map((i) => i.path.join("."))).toEqual(["locales.0", "time"]);
  });

  it("a build report as the build service sends it parses; a report without a status does not", () => {
    const report = {
      id: "20241128T120000123Z-a1b2c3",
      kind: "build",
      status: "failed",
      live: false,
      triggers: [
        {
          collection: "events",
          id: "abc",
          operation: "publish",
          operations: ["publish"],
          locales: ["en", "ru"],
          time: "2024-11-28T12:00:00.000Z",
          notices: 2,
        },
      ],
      notices: 2,
      startedAt: "2024-11-28T12:00:00.000Z",
      finishedAt: "2024-11-28T12:00:01.000Z",
      durationMs: 812,
      pagesWritten: null,
      errors: ["events/abc · ru · title: is required"],
      siteUrl: null,
    };
    expect(BuildReport.parse(report).errors).toEqual(report.errors);
    const { status: _status, ...withoutStatus } = report;
    expect(BuildReport.safeParse(withoutStatus).success).toBe(false);
  });
});

describe("signedJsonPost and signedGet: the one way a signed request is sent", () => {
  async function recorder() {
    const { createServer } = await import("node:http");
    const received: { method?: string; url?: string; type?: string; header?: string; raw: string }[] = [];
    const server = createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk) => (raw += chunk));
      req.on("end", () => {
        const header = req.headers[SIGNATURE_HEADER];
        received.push({
          method: req.method,
          url: req.url,
          type: req.headers["content-type"],
          header: Array.isArray(header) ? header[0] : header,
          raw,
        });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as import("node:net").AddressInfo; // listen(0) on a host always gives an AddressInfo
    return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  it("sends JSON with a signature that verifies against exactly the bytes received", async () => {
    const server = await recorder();
    try {
      const response = await signedJsonPost(`${server.url}/hooks/publish`, { note: "Астана 阿斯塔纳" }, SECRET);
      expect(response.status).toBe(202);
      const [request] = server.received;
      expect(request).toMatchObject({ method: "POST", type: JSON_CONTENT_TYPE });
      expect(JSON.parse(request!.raw)).toEqual({ note: "Астана 阿斯塔纳" });
      expect(verify(SECRET, request!.header, request!.raw).ok).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("signs a GET over its method and path, so the signature cannot pass for an empty POST body", async () => {
    const server = await recorder();
    try {
      await signedGet(`${server.url}/status?history=1`, SECRET);
      const [request] = server.received;
      expect(request?.method).toBe("GET");
      expect(verify(SECRET, request!.header, signedGetPayload("/status?history=1")).ok).toBe(true);
      expect(verify(SECRET, request!.header, "").ok).toBe(false);
      expect(verify(SECRET, request!.header, signedGetPayload("/status")).ok).toBe(false);
    } finally {
      await server.close();
    }
  });
});
