import { existsSync, readdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localeCodes } from "@cica/schema";
import { buildSite } from "../lib/build.js";
import { checkDictionaries, readDictionary } from "../lib/i18n.js";
import { SAMPLE_NOW, SOURCE_EVENT, sampleSnapshot } from "./fixtures/generate.js";
import { MEDIA_DIR, buildSample, read, tempDir } from "./support/build.js";
import { removeTempDirs } from "./support/build.js";

afterAll(removeTempDirs);

describe("invalid content", () => {
  it("stops the build with the formatter's lines (document, locale, field) and writes nothing", async () => {
    const snapshot = sampleSnapshot();
    snapshot.events[0].contacts[0].emails[1] = "li.fei(at)fecomee";
    snapshot.events[1].title.ru = 42;
    snapshot.events[2].startsAt = "next Tuesday";
    const { outputDir, result } = await buildSample({ snapshot });
    expect(result.ok).toBe(false);
    expect(result.pagesWritten).toBe(0);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        `events/${SOURCE_EVENT.id} · contacts[0].emails[1]: must be an e-mail address such as name@example.org`,
        expect.stringMatching(/^events\/64f0000000000000000000e2 · ru · title: /),
        expect.stringMatching(/^events\/64f0000000000000000000e3 · startsAt: must be a date and time/),
      ]),
    );
    expect(existsSync(outputDir)).toBe(false);
  });

  it("names a missing organisation, a duplicate slug and invalid settings", async () => {
    const snapshot = sampleSnapshot();
    snapshot.events[1].hosts.push("no-such-org");
    snapshot.events[2].slug = snapshot.events[1].slug;
    snapshot.settings.banner.linkUrl = "javascript:alert(1)";
    const { outputDir, result } = await buildSample({ snapshot });
    expect(result.errors).toEqual(
      expect.arrayContaining([
        "events/64f0000000000000000000e2 · hosts[1]: organisation no-such-org does not exist or is not published",
        `events/64f0000000000000000000e3 · slug: "${snapshot.events[1].slug}" is already used by events/64f0000000000000000000e2`,
        expect.stringMatching(/^globals\/site-settings · banner\.linkUrl: must be a full address/),
      ]),
    );
    expect(existsSync(outputDir)).toBe(false);
  });

  it("leaves an existing output folder untouched", async () => {
    const outputDir = await tempDir();
    const snapshot = sampleSnapshot();
    delete snapshot.events[0].title.en;
    const result = await buildSite({ snapshot, mediaDir: MEDIA_DIR, outputDir, now: SAMPLE_NOW });
    expect(result.errors).toEqual([`events/${SOURCE_EVENT.id} · en · title: is required`]);
    expect(readdirSync(outputDir)).toEqual([]);
  });

  it("rejects a snapshot file that is not a snapshot", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "snapshot.json");
    await import("node:fs/promises").then((fs) => fs.writeFile(file, JSON.stringify({ events: [] })));
    const result = await buildSite({ snapshotFile: file, outputDir: path.join(dir, "out"), now: SAMPLE_NOW });
    expect(result.errors).toEqual(expect.arrayContaining(["snapshot.json · fetchedAt: is required"]));
    expect(existsSync(path.join(dir, "out"))).toBe(false);
  });
});

describe("interface strings", () => {
  it("every locale's dictionary has every key", () => {
    expect(checkDictionaries()).toEqual([]);
    const keys = Object.keys(readDictionary("en")).sort();
    for (const locale of localeCodes) expect(Object.keys(readDictionary(locale)).sort()).toEqual(keys);
  });

  it("reports a missing key by locale file and key", () => {
    const withoutKey = (locale) => {
      const dict = readDictionary(locale);
      if (locale === "zh") delete dict.contactIntro;
      return dict;
    };
    expect(checkDictionaries(withoutKey)).toEqual(["src/_i18n/zh.json · contactIntro: is required"]);
  });
});

// A stand-in for the CMS's REST API: paginated collections, the global and media files.
function fakeCms(snapshot) {
  const requests = [];
  const paged = (docs, url) => {
    const limit = Number(url.searchParams.get("limit"));
    const page = Number(url.searchParams.get("page"));
    const slice = docs.slice((page - 1) * limit, page * limit);
    return { docs: slice, totalDocs: docs.length, page, limit, hasNextPage: page * limit < docs.length };
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://cms");
    requests.push(url.pathname + url.search);
    const json = (body) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (url.pathname === "/api/events") {
      expect(url.searchParams.get("locale")).toBe("all");
      expect(url.searchParams.get("where[_status][equals]")).toBe("published");
      return json(paged(snapshot.events, url));
    }
    if (url.pathname === "/api/organizations") return json(paged(snapshot.organizations, url));
    if (url.pathname === "/api/media") return json(paged(snapshot.media, url));
    if (url.pathname === "/api/globals/site-settings") return json(snapshot.settings);
    if (url.pathname.startsWith("/api/media/file/")) return res.writeHead(200).end(`file ${path.basename(url.pathname)}`);
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${server.address().port}`, requests, close: () => new Promise((r) => server.close(r)) })));
}

describe("building from the CMS", () => {
  let cms;
  const snapshot = sampleSnapshot();
  // More events than one page of 100, so the build must follow hasNextPage.
  for (let i = 0; i < 120; i++) snapshot.events.push({ ...structuredClone(snapshot.events[6]), id: `extra${i}`, slug: `extra-event-${i}` });
  beforeAll(async () => (cms = await fakeCms(snapshot)));
  afterAll(() => cms?.close());

  it("fetches every page of every collection, builds, and copies the media files into the output", async () => {
    const outputDir = path.join(await tempDir(), "out");
    const result = await buildSite({ cmsUrl: cms.url, outputDir, now: SAMPLE_NOW });
    expect(result.errors).toEqual([]);
    expect(cms.requests.filter((r) => r.startsWith("/api/events")).length).toBe(2);
    expect(existsSync(path.join(outputDir, "en/events/extra-event-119/index.html"))).toBe(true);
    expect(await read(outputDir, "media/cica-headquarters.svg")).toBe("file cica-headquarters.svg");
    expect(result.pagesWritten).toBe(snapshot.events.length * 3 + 3 * 3 + 1);
  }, 120_000);

  it("reports an unreachable CMS as an error and writes nothing", async () => {
    const outputDir = path.join(await tempDir(), "out");
    const result = await buildSite({ cmsUrl: "http://127.0.0.1:9", outputDir });
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatch(/^Could not reach the CMS at http:\/\/127\.0\.0\.1:9/);
    expect(existsSync(outputDir)).toBe(false);
  });
});
