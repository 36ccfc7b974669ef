import { existsSync, readdirSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localeCodes } from "@cica/schema";
import { buildSite } from "../lib/build.js";
import { checkDictionaries, readDictionary } from "../lib/i18n.js";
import { SAMPLE_NOW, SOURCE_EVENT, corrupt, eventAt, sampleSnapshot } from "./fixtures/generate.js";
import { fakeCms, type FakeCms } from "./support/fake-cms.js";
import { MEDIA_DIR, buildSample, read, tempDir } from "./support/build.js";
import { removeTempDirs } from "./support/build.js";

afterAll(removeTempDirs);

describe("invalid content", () => {
  it("leaves out each event that cannot be built, naming document, locale and field, and builds the rest", async () => {
    const snapshot = sampleSnapshot();
    const emails = eventAt(snapshot, 0).contacts?.[0]?.emails;
    if (!emails) throw new Error("the source event has a contact with e-mails");
    emails[1] = "li.fei(at)fecomee";
    corrupt(eventAt(snapshot, 1).title, "ru", 42);
    eventAt(snapshot, 2).startsAt = "next Tuesday";
    const broken = [0, 1, 2].map((i) => eventAt(snapshot, i));
    const fine = snapshot.events.slice(3);
    const { outputDir, result } = await buildSample({ snapshot });
    expect(result.ok).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.failures.flatMap((f) => f.errors)).toEqual(
      expect.arrayContaining([
        `events/${SOURCE_EVENT.id} · contacts[0].emails[1]: must be an e-mail address such as name@example.org`,
        expect.stringMatching(/^events\/64f0000000000000000000e2 · ru · title: /),
        expect.stringMatching(/^events\/64f0000000000000000000e3 · startsAt: must be a date and time/),
      ]),
    );
    expect(result.failures.map((f) => [f.collection, f.id, f.label, f.kept])).toEqual(broken.map((e) => ["events", e.id, e.slug, false]));
    for (const locale of localeCodes) {
      for (const event of broken) expect(existsSync(path.join(outputDir, locale, "events", event.slug))).toBe(false);
      for (const event of fine) expect(existsSync(path.join(outputDir, locale, "events", event.slug, "index.html"))).toBe(true);
      // The listings show the events that were built, and only those.
      const index = await read(outputDir, `${locale}/events/index.html`);
      for (const event of broken) expect(index).not.toContain(`/events/${event.slug}/`);
      for (const event of fine) expect(index).toContain(`/events/${event.slug}/`);
    }
  });

  it("leaves out an event whose host is missing and the later of two events with one slug", async () => {
    const snapshot = sampleSnapshot();
    eventAt(snapshot, 1).hosts?.push("no-such-org");
    eventAt(snapshot, 3).slug = eventAt(snapshot, 2).slug;
    const { outputDir, result } = await buildSample({ snapshot });
    expect(result.ok).toBe(true);
    expect(result.failures.flatMap((f) => f.errors)).toEqual([
      "events/64f0000000000000000000e2 · hosts[1]: organisation no-such-org does not exist or is not published",
      `events/64f0000000000000000000e4 · slug: "${eventAt(snapshot, 2).slug}" is already used by events/64f0000000000000000000e3`,
    ]);
    // The first event with the slug keeps its page.
    expect(await read(outputDir, `en/events/${eventAt(snapshot, 2).slug}/index.html`)).toContain(eventAt(snapshot, 2).title.en);
  });

  it("stops the build on invalid site settings, which every page shows, and leaves an existing output folder untouched", async () => {
    const outputDir = await tempDir();
    const snapshot = sampleSnapshot();
    snapshot.settings.banner = { ...snapshot.settings.banner, linkUrl: "javascript:alert(1)" };
    const result = await buildSite({ snapshot, mediaDir: MEDIA_DIR, outputDir, now: SAMPLE_NOW });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([expect.stringMatching(/^globals\/site-settings · banner\.linkUrl: must be a full address/)]);
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
    const withoutKey = (locale: string) => {
      const dict = readDictionary(locale);
      if (locale === "zh") return { ...dict, contactIntro: undefined };
      return dict;
    };
    expect(checkDictionaries(withoutKey)).toEqual(["src/_i18n/zh.json · contactIntro: is required"]);
  });
});

describe("building from the CMS", () => {
  let cms: FakeCms | undefined;
  const snapshot = sampleSnapshot();
  // More events than the 100 a page once held: the whole list still comes in one request.
  for (let i = 0; i < 120; i++)
    snapshot.events.push({ ...structuredClone(eventAt(snapshot, 6)), id: `extra${i}`, slug: `extra-event-${i}` });
  beforeAll(async () => (cms = await fakeCms(snapshot)));
  afterAll(() => cms?.close());

  it("fetches each collection in one request without a count, builds, and copies the media files into the output", async () => {
    const outputDir = path.join(await tempDir(), "out");
    if (!cms) throw new Error("the stand-in CMS did not start");
    const result = await buildSite({ cmsUrl: cms.url, outputDir, now: SAMPLE_NOW });
    expect(result.errors).toEqual([]);
    const eventQueries = cms.requests.filter((r) => r.startsWith("/api/events"));
    expect(eventQueries.length).toBe(1);
    // No paging and no count query: one pass over the collection in the database.
    for (const query of cms.requests.filter((r) => !r.startsWith("/api/globals") && !r.startsWith("/api/media/file"))) {
      expect(new URL(query, "http://cms").searchParams.get("pagination")).toBe("false");
      expect(new URL(query, "http://cms").searchParams.get("limit")).toBe("0");
    }
    // Every translation, published documents only.
    for (const query of eventQueries) expect(new URL(query, "http://cms").searchParams.get("where[_status][equals]")).toBe("published");
    for (const query of eventQueries) expect(new URL(query, "http://cms").searchParams.get("locale")).toBe("all");
    expect(existsSync(path.join(outputDir, "en/events/extra-event-119/index.html"))).toBe(true);
    expect(await read(outputDir, "media/cica-headquarters.svg")).toBe("file cica-headquarters.svg");
    // Every HTML file of the output is counted, and each event has its page in each of the three languages.
    const htmlFiles = (await readdir(outputDir, { recursive: true })).filter((file) => file.endsWith(".html"));
    expect(result.pagesWritten).toBe(htmlFiles.length);
    const eventPages = htmlFiles.filter((file) => /^(en|ru|zh)\/events\/(?!page\/|year\/|country\/)[^/]+\/index\.html$/.test(file));
    expect(eventPages.length).toBe(snapshot.events.length * 3);
  }, 120_000);

  it("reports an unreachable CMS as an error and writes nothing", async () => {
    const outputDir = path.join(await tempDir(), "out");
    const result = await buildSite({ cmsUrl: "http://127.0.0.1:9", outputDir });
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatch(/^Could not reach the CMS at http:\/\/127\.0\.0\.1:9/);
    expect(existsSync(outputDir)).toBe(false);
  });
});
