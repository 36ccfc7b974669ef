import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { SIGNATURE_HEADER, verify } from "@cica/schema/signature";
import { changeInstants } from "@cica/site";
import { afterEach, describe, expect, test } from "vitest";
import type { BuildFunction } from "../src/builder.js";
import { events } from "./fixtures/json-site.js";
import { notice, postSigned, SECRET, startTestService, status, waitFor, waitForIdleLive } from "./helpers.js";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A stand-in for the CMS's /api/builds endpoint that records what it receives. */
async function fakeCms(answer = 201) {
  const received: { headers: IncomingHttpHeaders; raw: string; body: any }[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/api/builds") received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      res.writeHead(answer, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address() as AddressInfo; // listening on a host and port
  cleanups.push(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${address.port}`, received };
}

describe("reporting builds to the CMS", () => {
  test("each build is reported when it starts and when it ends, signed with the hook secret", async () => {
    const cms = await fakeCms();
    const t = await startTestService({ cmsUrl: cms.url, siteUrl: "https://events.example.org" });
    cleanups.push(() => t.close());
    await waitForIdleLive(t.builder);
    const body = notice({ id: "reported-1" });
    await postSigned(t.builder, body);
    const final = await waitFor(
      () => cms.received.find((r) => r.body.status === "success" && r.body.triggers.some((tr: { id: string }) => tr.id === "reported-1")),
      {
        what: "the success report",
      },
    );
    const started = cms.received.find((r) => r.body.id === final.body.id && r.body.status === "running");
    expect(started).toBeTruthy();
    expect(final.headers["content-type"]).toBe("application/json");
    expect(verify(SECRET, String(final.headers[SIGNATURE_HEADER]), final.raw).ok).toBe(true);
    expect(final.body).toMatchObject({
      kind: "build",
      status: "success",
      live: true,
      notices: 1,
      pagesWritten: 36,
      errors: [],
      siteUrl: "https://events.example.org",
      triggers: [{ collection: "events", id: "reported-1", operation: "publish", locales: ["en", "ru", "zh"] }],
    });
    expect(final.body.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(final.body.finishedAt)).toBeGreaterThanOrEqual(Date.parse(final.body.startedAt));
  });

  test("a failed build is reported with its error lines; an API key is sent as Payload expects", async () => {
    const cms = await fakeCms();
    const t = await startTestService({ cmsUrl: cms.url, reportApiKey: "key-123" });
    cleanups.push(() => t.close());
    await waitForIdleLive(t.builder);
    await t.setContent({ events: events(10), fail: ["events/1 · zh · title: Required"] });
    await postSigned(t.builder, notice());
    const failed = await waitFor(() => cms.received.find((r) => r.body.status === "failed"), { what: "the failure report" });
    expect(failed.body.errors).toEqual(["events/1 · zh · title: Required"]);
    expect(failed.body.live).toBe(false);
    expect(failed.headers.authorization).toBe("users API-Key key-123");
    expect(failed.headers[SIGNATURE_HEADER]).toBeUndefined();
  });

  test("a CMS that is down or refuses the report never breaks a build", async () => {
    const refusing = await fakeCms(500);
    const t = await startTestService({ cmsUrl: refusing.url });
    cleanups.push(() => t.close());
    const s = await waitForIdleLive(t.builder);
    expect(s.live.status).toBe("success");
    expect(t.logs.some((l) => l.includes("could not report build") && l.includes("HTTP 500"))).toBe(true);

    const down = await startTestService({ cmsUrl: "http://127.0.0.1:9" });
    cleanups.push(() => down.close());
    expect((await waitForIdleLive(down.builder)).live.status).toBe("success");
    await waitFor(() => down.logs.some((l) => l.includes("could not report build")), { what: "the logged report failure" });
  });
});

describe("time moves on", () => {
  test("the site rebuilds by itself when an instant reported by the build arrives", async () => {
    // Far enough ahead that the service (and its static server thread) is up and has built before
    // the instant passes on a loaded machine; the test then waits for it.
    const soon = new Date(Date.now() + 5000).toISOString();
    const t = await startTestService({ content: { events: events(2), changesAt: [soon, "2001-01-01T00:00:00Z"] } });
    cleanups.push(() => t.close());
    const first = await waitForIdleLive(t.builder);
    expect(first.scheduler.nextRebuildAt).toBe(soon);
    const scheduled = await waitFor(
      async () => (await status(t.builder)).builds.find((b) => b.triggers.some((tr) => tr.collection === "_schedule")),
      { what: "the scheduled build" },
    );
    expect(scheduled.triggers[0]).toMatchObject({ id: soon, operation: "time" });
    await waitFor(async () => (await status(t.builder)).builds[0]?.status === "success");
    // Past instants never fire: that one build is the only scheduled one.
    const s = await waitForIdleLive(t.builder);
    expect(s.builds.filter((b) => b.triggers.some((tr) => tr.collection === "_schedule"))).toHaveLength(1);
  });

  test("change instants follow the site's rules: an event leaves 'forthcoming' after its end, the banner at its expiry", () => {
    const now = new Date("2025-06-01T00:00:00Z");
    const instants = changeInstants(
      {
        events: [
          { startsAt: "2025-06-10T05:00:00Z", endsAt: "2025-06-10T09:00:00Z" },
          { startsAt: "2025-06-05T05:00:00Z", endsAt: null },
          { startsAt: "2025-05-01T05:00:00Z", endsAt: "2025-05-02T05:00:00Z" },
        ],
        settings: { banner: { enabled: true, expiresAt: "2025-06-07T00:00:00Z" } },
      },
      now,
    );
    expect(instants).toEqual(["2025-06-05T05:00:00.001Z", "2025-06-07T00:00:00.000Z", "2025-06-10T09:00:00.001Z"]);
  });
});

describe("first boot", () => {
  // Each retry also waits out the queue's least interval between build starts.
  test("while nothing is live, a failed first build is retried until the site exists", { timeout: 30_000 }, async () => {
    let attempts = 0;
    const { jsonSiteBuild } = await import("./fixtures/json-site.js");
    let real: BuildFunction | undefined;
    const t = await startTestService({
      firstBuildRetryMs: 100,
      build: async (input) => {
        attempts += 1;
        if (attempts <= 2) return { pagesWritten: 0, errors: ["Could not reach the CMS at http://localhost:3000"] };
        if (!real) throw new Error("the real build is set right after the service starts");
        return real(input);
      },
    });
    real = jsonSiteBuild({ contentDir: t.contentDir });
    cleanups.push(() => t.close());
    const s = await waitForIdleLive(t.builder);
    expect(attempts).toBe(3);
    expect(s.builds.map((b) => b.status)).toEqual(["success", "failed", "failed"]);
    expect(t.logs.filter((l) => l.includes("there is still no live site"))).toHaveLength(2);
  });
});
