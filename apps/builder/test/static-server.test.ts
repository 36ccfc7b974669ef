import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startSiteService } from "../src/service.js";
import { events } from "./fixtures/json-site.js";
import { notice, postSigned, startTestService, text, waitFor, waitForIdleLive, type TestService } from "./helpers.js";

let t: TestService;
beforeAll(async () => {
  t = await startTestService({ content: { events: events(3) } });
  await waitForIdleLive(t.builder);
});
afterAll(() => t?.close());

describe("content types and cache headers", () => {
  test.each([
    ["/en/", "text/html; charset=utf-8", "no-cache"],
    ["/en/events/event-1/", "text/html; charset=utf-8", "no-cache"],
    ["/en/events/event-1/index.html", "text/html; charset=utf-8", "no-cache"],
    ["/ru/calendar.ics", "text/calendar; charset=utf-8", "no-cache"],
    ["/zh/feed.xml", "application/atom+xml", "no-cache"],
    ["/sitemap.xml", "application/xml", "no-cache"],
    ["/assets/site.3f2a9c1d.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable"],
    ["/assets/app.3f2a9c1d.js", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"],
    ["/media/logo.png", "image/png", "public, max-age=300"],
    ["/media/programme.pdf", "application/pdf", "public, max-age=300"],
  ])("%s is served as %s with Cache-Control %s", async (path, type, cache) => {
    const response = await text(`${t.site}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(type);
    expect(response.headers.get("cache-control")).toBe(cache);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  test("pages carry an ETag and answer 304 when it still matches", async () => {
    const first = await text(`${t.site}/en/`);
    const etag = first.headers.get("etag");
    expect(etag).toBeTruthy();
    const again = await text(`${t.site}/en/`, { headers: { "if-none-match": String(etag) } });
    expect(again.status).toBe(304);
    expect(again.body).toBe("");
  });
});

describe("not found", () => {
  test.each([
    ["/ru/events/no-such-event/", "not-found-ru"],
    ["/zh/nothing.html", "not-found-zh"],
    ["/en/missing", "not-found-en"],
    ["/no-such-page", "not-found-en"],
    ["/fr/whatever/", "not-found-en"],
  ])("%s answers 404 with the page %s", async (path, marker) => {
    const response = await text(`${t.site}${path}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.body).toContain(marker);
  });

  test("paths that try to leave the site folder are not served", async () => {
    for (const path of [
      "/../../../etc/passwd",
      "/en/..%2F..%2F..%2Fetc%2Fpasswd",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/..%5c..%5cetc%5cpasswd",
    ]) {
      const status = await rawStatus(`${t.site}${path}`);
      expect([400, 404]).toContain(status);
    }
    // The history file sits beside the builds; it must not be reachable through live/.
    expect(await rawStatus(`${t.site}/../builds.json`)).toBe(404);
  });

  test("hidden files in the build folder are not served", async () => {
    const { writeFile } = await import("node:fs/promises");
    const { realpath } = await import("node:fs/promises");
    const root = await realpath(join(t.dataDir, "site", "live"));
    await writeFile(join(root, ".env"), "SECRET=1");
    expect(await rawStatus(`${t.site}/.env`)).toBe(400);
    expect(await rawStatus(`${t.site}/en/.env`)).toBe(400);
  });

  test("only GET and HEAD are allowed", async () => {
    expect((await fetch(`${t.site}/en/`, { method: "POST" })).status).toBe(405);
    const head = await fetch(`${t.site}/en/`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("text/html; charset=utf-8");
  });
});

describe("language and folders", () => {
  test.each([
    ["ru-RU,ru;q=0.9,en;q=0.8", "/ru/"],
    ["zh-CN,zh;q=0.9", "/zh/"],
    ["zh-Hant-TW", "/zh/"],
    ["en-GB,en;q=0.9", "/en/"],
    ["kk-KZ,kk;q=0.9,ru;q=0.8", "/ru/"],
    ["de-DE", "/en/"],
    ["", "/en/"],
  ])("/ with Accept-Language %j redirects (302) to %s", async (accept, location) => {
    const response = await text(`${t.site}/`, { headers: accept ? { "accept-language": accept } : {} });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(location);
    expect(response.headers.get("vary")).toBe("Accept-Language");
  });

  test("a folder without its slash is redirected to it; with it, its index.html is served", async () => {
    const bare = await text(`${t.site}/en/events/event-2`);
    expect(bare.status).toBe(301);
    expect(bare.headers.get("location")).toBe("/en/events/event-2/");
    const folder = await text(`${t.site}/en/events/event-2/`);
    expect(folder.status).toBe(200);
    expect(folder.body).toContain("Event 2");
  });

  test("a swap is visible on the very next request", async () => {
    await t.setContent({ events: events(3, "Swapped") });
    expect((await postSigned(t.builder, notice())).status).toBe(202);
    await waitFor(async () => (await text(`${t.site}/en/events/event-1/`)).body.includes("Swapped 1"), { what: "the new page" });
  });
});

test("before the first build finishes the site answers 503 with Retry-After", async () => {
  const root = await mkdtemp(join(tmpdir(), "cica-site-empty-"));
  let release = () => {};
  const gate = new Promise((resolve) => (release = () => resolve(undefined)));
  const service = await startSiteService({
    dataDir: root,
    secret: "x",
    builderPort: 0,
    sitePort: 0,
    host: "127.0.0.1",
    log: () => {},
    build: async () => {
      await gate;
      return { pagesWritten: 0, errors: ["nothing to build"] };
    },
  });
  try {
    const response = await text(`http://127.0.0.1:${service.sitePort}/en/`);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
  } finally {
    release();
    await service.stop();
    await rm(root, { recursive: true, force: true });
  }
});

/** Sends the path as written (fetch would normalise the dots away). */
function rawStatus(url: string): Promise<number | undefined> {
  const { host, pathname } = new URL(url);
  const path = url.slice(url.indexOf(host) + host.length);
  void pathname;
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: Number(host.split(":")[1]), path, method: "GET" }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on("error", reject);
    req.end();
  });
}
