import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localeCodes } from "@cica/schema";
import { backgroundWork, buildSite, type BuildOptions } from "../lib/build.js";
import { processCaches, SiteCaches } from "../lib/caches.js";
import type { Content } from "../lib/content.js";
import { fullBuildReason, type Trigger } from "../lib/partial.js";
import { codeVersion, type BuildState } from "../lib/state.js";
import { SAMPLE_NOW, corrupt, eventAt, eventById, generatedSnapshot, sampleSnapshot, type FixtureSnapshot } from "./fixtures/generate.js";
import { fakeCms, type FakeCms } from "./support/fake-cms.js";
import { MEDIA_DIR, SITE_URL, read, removeTempDirs, tempDir } from "./support/build.js";

afterAll(async () => {
  await backgroundWork();
  await removeTempDirs();
});

// Partial builds must give exactly the site a full build gives for the same
// content: every file, byte for byte. The previous build's folder must not
// change at all (the new one shares its files by hard links).

const E = (n: number) => `64f0000000000000000000e${n}`;
const LATER = new Date(SAMPLE_NOW.getTime() + 3600_000); // an hour on: no event starts or ends in between

/** Every file under dir: relative path → sha256 of its bytes. */
async function treeHashes(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.set(
      path.relative(dir, file),
      createHash("sha256")
        .update(await readFile(file))
        .digest("hex"),
    );
  }
  return out;
}

function expectSameTree(actual: Map<string, string>, expected: Map<string, string>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  const different = [...expected].filter(([file, hash]) => actual.get(file) !== hash).map(([file]) => file);
  expect(different).toEqual([]);
}

async function build(dir: string, snapshot: FixtureSnapshot | undefined, extra: Partial<BuildOptions> = {}) {
  const outputDir = path.join(dir, "out");
  const stateFile = path.join(dir, "state.json");
  const result = await buildSite({ snapshot, mediaDir: MEDIA_DIR, outputDir, siteUrl: SITE_URL, stateFile, ...extra });
  return { outputDir, stateFile, result };
}

type Built = Awaited<ReturnType<typeof build>>;

/** A partial build extending `from`, checked to give the very files a full build of the same content gives. */
async function partialLikeFull(
  source: { snapshot?: FixtureSnapshot; cmsUrl?: string },
  triggers: Trigger[],
  from: Built,
  now = LATER,
): Promise<Built> {
  const { snapshot, cmsUrl } = source;
  const partial = await build(await tempDir(), snapshot, {
    cmsUrl,
    now,
    triggers,
    previousDir: from.outputDir,
    previousStateFile: from.stateFile,
  });
  expect(partial.result.errors).toEqual([]);
  expect(partial.result.mode).toBe("partial");
  const full = await build(await tempDir(), snapshot, { cmsUrl, now });
  expect(full.result.mode).toBe("full");
  expectSameTree(await treeHashes(partial.outputDir), await treeHashes(full.outputDir));
  return partial;
}

/** The sample's one picture (shown by event 2) and an image it does not have yet. */
const IMAGE = "64f0000000000000000000m1";
const NEW_IMAGE = "64f0000000000000000000m9";
/** The WebP copies the CMS would make of it (files in test/fixtures/media). */
const heroSizes = Object.fromEntries(
  [
    ["hero-800", 800, 420],
    ["hero", 1600, 840],
  ].map(([name, width, height]) => {
    const filename = `cica-headquarters-${width}x${height}.webp`;
    return [name, { url: `/api/media/file/${filename}`, filename, width, height, mimeType: "image/webp" }];
  }),
);

const trigger = (n: number, operation: string): Trigger => ({
  collection: "events",
  id: E(n),
  operation,
  operations: [operation],
  locales: [...localeCodes],
});

describe("a partial build of paged listings (issue 12)", () => {
  it("updates the index pages, year and country listings as a full build would: pages, years and countries come and go", async () => {
    const before = generatedSnapshot(120, SAMPLE_NOW);
    const previous = await build(await tempDir(), before, { now: SAMPLE_NOW });
    expect(previous.result.errors).toEqual([]);
    expect(existsSync(path.join(previous.outputDir, "en/events/page/3/index.html"))).toBe(true);

    const changed = structuredClone(before);
    const gone = changed.events.slice(0, 25).map((e) => e.id); // the oldest: the index loses its third page
    changed.events = changed.events.slice(25);
    const moved = eventAt(changed, 0); // now the only event of its year and of its country
    moved.startsAt = "2031-03-01T06:00:00.000Z";
    moved.endsAt = "2031-03-01T12:00:00.000Z";
    moved.country = "MN";
    const added = { ...structuredClone(eventAt(changed, 1)), id: "gen999999999999999999999", slug: "a-new-event-in-2030" };
    added.startsAt = "2030-06-01T06:00:00.000Z";
    added.endsAt = "2030-06-01T12:00:00.000Z";
    changed.events.push(added);
    const trig = (id: string, operation: string): Trigger => ({ collection: "events", id, operation, operations: [operation] });
    const triggers = [...gone.map((id) => trig(id, "delete")), trig(moved.id, "update"), trig(added.id, "publish")];
    const partial = await partialLikeFull({ snapshot: changed }, triggers, previous);
    const has = (file: string) => existsSync(path.join(partial.outputDir, file));
    expect(has("en/events/page/3/index.html")).toBe(false);
    expect(has("zh/events/year/2031/index.html")).toBe(true);
    expect(has("ru/events/year/2030/index.html")).toBe(true);
    expect(has("en/events/country/mn/index.html")).toBe(true);
    // The sitemap is an index of chunks by month: the new months have theirs.
    expect(await readFile(path.join(partial.outputDir, "sitemap.xml"), "utf8")).toContain("/sitemaps/events-2031-03.xml</loc>");
    expect(await readFile(path.join(partial.outputDir, "sitemaps/events-2031-03.xml"), "utf8")).toContain(`/zh/events/${moved.slug}/`);
    expect(await readFile(path.join(partial.outputDir, "en/events/year/2030/index.html"), "utf8")).toContain(
      "/en/events/a-new-event-in-2030/",
    );

    // An edited title re-renders the listing pages that show it (index, year, country) and no other.
    const edited = structuredClone(changed);
    const target = eventAt(edited, 60);
    target.title = { ...target.title, en: "A retitled event" };
    const retitled = await partialLikeFull({ snapshot: edited }, [trig(target.id, "update")], partial);
    const listingsWritten = (retitled.result.htmlChanges?.written ?? []).filter((f) =>
      /^en\/events\/(index\.html|page\/|year\/|country\/)/.test(f),
    );
    expect(listingsWritten).toHaveLength(3);
    // Only its month's sitemap chunk is written again (and the listings' chunk); the other months' are the previous files.
    const sameFile = async (file: string) =>
      (await stat(path.join(retitled.outputDir, file))).ino === (await stat(path.join(partial.outputDir, file))).ino;
    const targetChunk = `sitemaps/events-${new Date(target.startsAt).toISOString().slice(0, 7)}.xml`;
    expect(await sameFile(targetChunk)).toBe(false);
    expect(await readFile(path.join(retitled.outputDir, targetChunk), "utf8")).toContain(`/en/events/${target.slug}/`);
    const otherChunks = (await readdir(path.join(partial.outputDir, "sitemaps")))
      .filter((name) => name.endsWith(".xml") && name !== "pages.xml" && `sitemaps/${name}` !== targetChunk)
      .map((name) => `sitemaps/${name}`);
    expect(otherChunks.length).toBeGreaterThan(1);
    for (const file of otherChunks) expect(await sameFile(file)).toBe(true);

    // And back: the new year and country listings leave again when their only event goes.
    const after = structuredClone(changed);
    after.events = after.events.filter((e) => e.id !== moved.id && e.id !== added.id);
    const back = await partialLikeFull({ snapshot: after }, [trig(moved.id, "delete"), trig(added.id, "unpublish")], partial);
    expect(existsSync(path.join(back.outputDir, "en/events/year/2031"))).toBe(false);
    expect(existsSync(path.join(back.outputDir, "en/events/country/mn"))).toBe(false);
    expect(existsSync(path.join(back.outputDir, "sitemaps/events-2031-03.xml"))).toBe(false);
  }, 300_000);
});

describe("a partial build", () => {
  // Both set in beforeAll, before any test runs.
  let previous!: Built;
  let previousHashes!: Map<string, string>;

  beforeAll(async () => {
    previous = await build(await tempDir(), sampleSnapshot(), { now: SAMPLE_NOW });
    expect(previous.result.errors).toEqual([]);
    expect(previous.result.mode).toBe("full");
    previousHashes = await treeHashes(previous.outputDir);
  }, 120_000);

  it("re-renders only the events showing a changed image, with its new copies, and equals a full build", async () => {
    const changed = sampleSnapshot();
    const user = eventById(changed, E(2));
    changed.media = changed.media.map((m) =>
      m.id === IMAGE
        ? { ...m, alt: { ...m.alt, en: "The CICA Headquarters at dusk" }, updatedAt: "2022-10-01T00:30:00.000Z", sizes: heroSizes }
        : m,
    );
    const triggers: Trigger[] = [
      { collection: "media", id: IMAGE, operation: "update", operations: ["update"], locales: [...localeCodes] },
    ];
    const partial = await partialLikeFull({ snapshot: changed }, triggers, previous);
    const html = await readFile(path.join(partial.outputDir, `en/events/${user.slug}/index.html`), "utf8");
    expect(html).toContain('alt="The CICA Headquarters at dusk"');
    expect(html).toContain("/media/cica-headquarters-800x420.webp 800w");
    // Only the page of the event showing it, among the event pages (listings, feeds and calendars are always rendered).
    const eventPages = (partial.result.htmlChanges?.written ?? []).filter((file) => /^\w+\/events\/[^/]+\/index\.html$/.test(file));
    expect(eventPages.sort()).toEqual(localeCodes.map((l) => `${l}/events/${user.slug}/index.html`).sort());
  });

  it("stays partial when a changed event shows an image the previous build did not have", async () => {
    const changed = sampleSnapshot();
    const newImage = { ...structuredClone(changed.media.find((m) => m.id === IMAGE)!), id: NEW_IMAGE, sizes: heroSizes };
    changed.media.push({ ...newImage, url: "/api/media/file/cica-headquarters-800x450.webp", filename: "cica-headquarters-800x450.webp" });
    const shower = eventById(changed, E(3));
    shower.image = NEW_IMAGE;
    shower.updatedAt = "2022-10-01T00:30:00.000Z";
    const partial = await partialLikeFull({ snapshot: changed }, [trigger(3, "update")], previous);
    const html = await readFile(path.join(partial.outputDir, `en/events/${shower.slug}/index.html`), "utf8");
    expect(html).toContain('srcset="/media/cica-headquarters-800x420.webp 800w, /media/cica-headquarters-1600x840.webp 1600w"');
  });

  it("gives the same files as a full build after edits, a slug change, an unpublish, a delete and a new event", async () => {
    const changed = sampleSnapshot();
    const byId = (n: number) => eventById(changed, E(n));
    byId(3).title.ru = "Молодёжный форум СВМДА — новое название";
    byId(3).updatedAt = "2022-10-01T00:30:00.000Z";
    byId(3).revision = 2;
    byId(4).slug = "workshop-on-energy-security-tashkent";
    byId(2).image = null; // the only user of both media files: they must leave the site
    byId(2).documents = [];
    byId(5)._status = "draft"; // unpublished
    changed.events = changed.events.filter((e) => e.id !== E(7)); // deleted
    changed.events.push({
      ...structuredClone(byId(3)),
      id: E(9),
      slug: "cica-youth-forum-2023",
      startsAt: "2023-05-15T07:00:00.000Z",
      endsAt: "2023-05-17T14:00:00.000Z",
    });

    const triggers = [
      trigger(3, "update"),
      trigger(4, "update"),
      trigger(2, "update"),
      trigger(5, "unpublish"),
      trigger(7, "delete"),
      trigger(9, "publish"),
    ];
    const partial = await partialLikeFull({ snapshot: changed }, triggers, previous);
    // What a visitor would notice, to be sure the comparison compared something.
    expect(await readFile(path.join(partial.outputDir, "ru/events/cica-youth-forum/index.html"), "utf8")).toContain("новое название");
    expect(existsSync(path.join(partial.outputDir, "en/events/workshop-on-energy-security/index.html"))).toBe(false);
    expect(existsSync(path.join(partial.outputDir, "en/events/workshop-on-energy-security"))).toBe(false);
    expect(existsSync(path.join(partial.outputDir, "zh/events/workshop-on-energy-security-tashkent.ics"))).toBe(true);
    expect(existsSync(path.join(partial.outputDir, "en/events/conference-on-tourism-cooperation/index.html"))).toBe(false);
    expect(existsSync(path.join(partial.outputDir, "en/events/online-seminar-on-ict-security.ics"))).toBe(false);
    expect(existsSync(path.join(partial.outputDir, "media"))).toBe(false);
    expect(await readFile(path.join(partial.outputDir, "sitemaps/events-2023-05.xml"), "utf8")).toContain("cica-youth-forum-2023");

    // The previous build is untouched, though the new one shares most of its files.
    expectSameTree(await treeHashes(previous.outputDir), previousHashes);
    const carried = "en/events/cica-seminar-on-green-and-low-carbon-city-development.ics";
    expect((await stat(path.join(partial.outputDir, carried))).ino).toBe((await stat(path.join(previous.outputDir, carried))).ino);
    const rewritten = "en/events/index.html";
    expect((await stat(path.join(partial.outputDir, rewritten))).ino).not.toBe((await stat(path.join(previous.outputDir, rewritten))).ino);
  }, 120_000);

  it("leaves its content for the next build, and a chain of partial builds still equals a full build", async () => {
    const first = sampleSnapshot();
    eventById(first, E(6)).title.ru = "Совещание экспертов";
    const one = await build(await tempDir(), first, {
      now: LATER,
      triggers: [trigger(6, "publish")],
      previousDir: previous.outputDir,
      previousStateFile: previous.stateFile,
    });
    expect(one.result.mode).toBe("partial");
    await processCaches.states.written();
    const state = JSON.parse(await readFile(one.stateFile, "utf8"));
    expect(state.content.events.find((e: { id: string }) => e.id === E(6)).title.ru).toBe("Совещание экспертов");
    expect(state.builtAt).toBe(LATER.toISOString());
    expect(state.code).toBe(await codeVersion());
    // QR codes and calendar blocks are kept beside it, marked with the code that made them.
    const memo = JSON.parse(await readFile(path.join(path.dirname(one.stateFile), "memo.json"), "utf8"));
    expect(memo.code).toBe(state.code);
    expect(
      memo.qr.some(
        ([url, svg]: [string, string]) =>
          url.endsWith("/ru/events/expert-meeting-on-countering-illicit-drug-trafficking/") && svg.startsWith("<svg"),
      ),
    ).toBe(true);
    expect((await processCaches.states.load(one.stateFile))?.content.events).toHaveLength(state.content.events.length);

    const second = structuredClone(first);
    eventById(second, E(8)).status = "cancelled";
    await partialLikeFull({ snapshot: second }, [trigger(8, "update")], one);
  }, 120_000);

  it("keeps the QR codes and calendar blocks file as it is when a publish adds only a few of them", async () => {
    const caches = new SiteCaches();
    const dir = await tempDir();
    const stateDir = path.join(dir, "state");
    const at = (name: string) => ({ outputDir: path.join(dir, name), stateFile: path.join(stateDir, `${name}.json`) });
    const first = await buildSite({
      snapshot: sampleSnapshot(),
      mediaDir: MEDIA_DIR,
      siteUrl: SITE_URL,
      now: SAMPLE_NOW,
      caches,
      ...at("a"),
    });
    expect(first.mode).toBe("full");
    await caches.backgroundWork();
    const memoFile = path.join(stateDir, "memo.json");
    const before = await stat(memoFile);
    const changed = sampleSnapshot();
    eventById(changed, E(6)).title.ru = "Совещание экспертов";
    const second = await buildSite({
      snapshot: changed,
      mediaDir: MEDIA_DIR,
      siteUrl: SITE_URL,
      now: LATER,
      caches,
      triggers: [trigger(6, "publish")],
      previousDir: at("a").outputDir,
      previousStateFile: at("a").stateFile,
      ...at("b"),
    });
    expect(second.mode).toBe("partial");
    await caches.backgroundWork();
    expect(JSON.parse(await readFile(at("b").stateFile, "utf8")).builtAt).toBe(LATER.toISOString());
    expect((await stat(memoFile)).ino).toBe(before.ino);
  }, 120_000);

  it("starts from the state file when the content is no longer in memory (after a restart)", async () => {
    await build(await tempDir(), sampleSnapshot(), { now: SAMPLE_NOW }); // another build is now the one in memory
    await backgroundWork();
    const changed = sampleSnapshot();
    const seminar = eventById(changed, E(1));
    seminar.summary = { en: "", ...seminar.summary, zh: "新的摘要" };
    await partialLikeFull({ snapshot: changed }, [trigger(1, "update")], previous);
  }, 120_000);

  it("keeps the last good pages of a changed event the schema refuses, naming field and locale, and goes live with the rest", async () => {
    const changed = sampleSnapshot();
    eventById(changed, E(3)).contacts = [
      { name: { en: "A", ru: "Б", zh: "丙" }, organization: null, phones: [], fax: null, emails: ["not-an-address"] },
    ];
    eventById(changed, E(4)).summary = { en: "Fine" };
    corrupt(eventById(changed, E(4)).summary ?? {}, "zh", 7);
    eventById(changed, E(5)).title = { ...eventById(changed, E(5)).title, en: "A valid change goes live" };
    const { result, outputDir, stateFile } = await build(await tempDir(), changed, {
      now: LATER,
      triggers: [trigger(3, "update"), trigger(4, "update"), trigger(5, "update")],
      previousDir: previous.outputDir,
      previousStateFile: previous.stateFile,
    });
    expect(result.ok).toBe(true);
    expect(result.mode).toBe("partial");
    const lines = result.failures.flatMap((f) => f.errors);
    expect(lines.some((l) => l.startsWith(`events/${E(3)} · contacts[0].emails[0]`))).toBe(true);
    expect(lines.some((l) => l.startsWith(`events/${E(4)} · zh · summary:`))).toBe(true);
    expect(result.failures.map((f) => [f.id, f.kept])).toEqual([
      [E(3), true],
      [E(4), true],
    ]);
    // Their pages are the previous build's, byte for byte; the valid change is live.
    const before = await treeHashes(previous.outputDir);
    const after = await treeHashes(outputDir);
    for (const id of [E(3), E(4)]) {
      const slug = eventById(changed, id).slug;
      for (const [file, hash] of before) if (file.includes(`/events/${slug}/`)) expect([file, after.get(file)]).toEqual([file, hash]);
    }
    expect(await read(outputDir, `en/events/${eventById(changed, E(5)).slug}/index.html`)).toContain("A valid change goes live");
    expectSameTree(await treeHashes(previous.outputDir), previousHashes);

    // A later build of something else carries the open failures; fixing the event clears its own.
    const fixed = structuredClone(changed);
    eventById(fixed, E(3)).contacts = [];
    const next = await build(await tempDir(), fixed, {
      now: LATER,
      triggers: [trigger(3, "update")],
      previousDir: outputDir,
      previousStateFile: stateFile,
    });
    expect(next.result.ok).toBe(true);
    expect(next.result.failures.map((f) => f.id)).toEqual([E(4)]);
  }, 120_000);

  it("a full build also keeps the last good version of an event that can no longer be built", async () => {
    const changed = sampleSnapshot();
    corrupt(eventById(changed, E(3)).title, "en", undefined);
    const { result, outputDir } = await build(await tempDir(), changed, { now: SAMPLE_NOW, previousStateFile: previous.stateFile });
    expect(result.ok).toBe(true);
    expect(result.mode).toBe("full");
    expect(result.failures).toEqual([
      {
        collection: "events",
        id: E(3),
        label: eventById(changed, E(3)).slug,
        errors: [`events/${E(3)} · en · title: is required`],
        kept: true,
      },
    ]);
    const file = `en/events/${eventById(changed, E(3)).slug}/index.html`;
    expect(await read(outputDir, file)).toBe(await read(previous.outputDir, file));
  }, 120_000);

  it("builds everything when a changed event refers to an organisation the previous build did not have", async () => {
    const changed = sampleSnapshot();
    changed.organizations.push({
      ...structuredClone(changed.organizations[0]),
      id: "64f0000000000000000000o9",
      name: { en: "New partner", ru: "Новый партнёр", zh: "新伙伴" },
    });
    eventById(changed, E(4)).hosts = ["64f0000000000000000000o9"];
    const { result, outputDir } = await build(await tempDir(), changed, {
      now: LATER,
      triggers: [trigger(4, "update")],
      previousDir: previous.outputDir,
      previousStateFile: previous.stateFile,
    });
    expect(result.errors).toEqual([]);
    expect(result.mode).toBe("full");
    expect(result.reason).toMatch(/refers to something the previous build did not have/);
    expect(await readFile(path.join(outputDir, "ru/events/workshop-on-energy-security/index.html"), "utf8")).toContain("Новый партнёр");
  }, 120_000);

  it("reports when the site next changes with no one publishing", async () => {
    expect(previous.result.changesAt[0]).toBe("2022-10-12T11:00:00.001Z"); // the Senior Officials Committee ends
    expect(previous.result.changesAt).toContain("2022-11-17T14:00:00.001Z"); // the Youth Forum ends
    expect(previous.result.changesAt.every((t) => Date.parse(t) > SAMPLE_NOW.getTime())).toBe(true);
  });

  // Time-driven rebuilds (the build service's scheduler, at each changesAt instant) were full builds:
  // three minutes at 5,000 events for one event leaving "forthcoming".
  it("when an event has ended, the scheduler's rebuild extends the previous build: the same files as a full build", async () => {
    const afterCommittee = new Date("2022-10-13T00:00:00.000Z");
    const time: Trigger = { collection: "_schedule", id: "2022-10-12T11:00:00.001Z", operation: "time", locales: [] };
    const { result, outputDir } = await partialLikeFull({ snapshot: sampleSnapshot() }, [time], previous, afterCommittee);
    // Only the ended event's pages and the listings were rendered, not every event's.
    expect(result.pagesWritten).toBeLessThan(previous.result.pagesWritten / 2);
    // The committee meeting is now listed among past events.
    const index = await readFile(path.join(outputDir, "en/events/index.html"), "utf8");
    expect(index.indexOf("meeting-of-cica-senior-officials-committee")).toBeGreaterThan(index.indexOf('id="past"'));
  }, 120_000);

  it("a publish after an event has ended extends the previous build too, rendering the ended event again", async () => {
    const afterCommittee = new Date("2022-10-13T00:00:00.000Z");
    const changed = sampleSnapshot();
    eventById(changed, E(3)).title.en = "CICA Youth Forum 2022";
    await partialLikeFull({ snapshot: changed }, [trigger(3, "update")], previous, afterCommittee);
  }, 120_000);
});

describe("when a build must be a full one", () => {
  const content: Content = {
    events: [],
    organizations: [],
    media: [],
    settings: { siteName: { en: "CICA Events" } },
    fetchedAt: SAMPLE_NOW.toISOString(),
    failures: [],
  };
  const base: BuildState = {
    format: 1,
    code: "c1",
    siteUrl: SITE_URL,
    builtAt: SAMPLE_NOW.toISOString(),
    changesAt: ["2022-10-12T11:00:00.001Z"],
    content,
  };
  // null: no previous build at all (undefined would take the default).
  const ask = (triggers: Trigger[], previous: BuildState | null = base, extra: { now?: Date } = {}) =>
    fullBuildReason({ triggers, previous: previous ?? undefined, code: "c1", siteUrl: SITE_URL, now: LATER, ...extra });

  it("extends the previous build for event publishes, updates, unpublishes and deletes", () => {
    expect(
      ask([trigger(1, "publish"), trigger(2, "delete"), trigger(3, "unpublish"), trigger(4, "update"), trigger(5, "schedule")]),
    ).toBeUndefined();
    // The scheduler's rebuild: what time changed is read from the previous build.
    expect(ask([{ collection: "_schedule", id: "2022-10-12T11:00:00.001Z", operation: "time", locales: [] }])).toBeUndefined();
  });
  it("extends the previous build for a changed image or document (media update)", () => {
    expect(ask([{ collection: "media", id: "m1", operation: "update", locales: [] }, trigger(1, "publish")])).toBeUndefined();
  });
  it("builds everything for settings, organisations, deleted media, unknown operations and manual rebuilds", () => {
    expect(ask([{ collection: "globals", id: "site-settings", operation: "update", locales: [] }])).toMatch(/site-settings/);
    expect(ask([trigger(1, "publish"), { collection: "organizations", id: "o1", operation: "update", locales: [] }])).toMatch(
      /organizations/,
    );
    expect(ask([{ collection: "media", id: "m1", operation: "delete", locales: [] }])).toMatch(/media/);
    expect(ask([{ ...trigger(1, "publish"), operations: ["publish", "restore"] }])).toMatch(/restore/);
    expect(ask([])).toBeDefined();
  });
  it("builds everything without previous content, after a code or address change, or once an instant no event explains has passed (the banner expired)", () => {
    expect(ask([trigger(1, "publish")], null)).toMatch(/no content/);
    expect(ask([trigger(1, "publish")], { ...base, code: "c0" })).toMatch(/templates or code/);
    expect(ask([trigger(1, "publish")], { ...base, siteUrl: "https://old.example.org" })).toMatch(/address/);
    expect(ask([trigger(1, "publish")], base, { now: new Date("2022-10-12T12:00:00Z") })).toMatch(/time moved on/);
  });
  it("fingerprints the code that renders the site", async () => {
    expect(await codeVersion()).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("a partial build from the CMS", () => {
  // Both set in beforeAll, before any test runs.
  let cms!: FakeCms;
  let previous!: Built;
  const snapshot = sampleSnapshot();
  beforeAll(async () => {
    cms = await fakeCms(snapshot, { mediaDir: MEDIA_DIR });
    previous = await build(await tempDir(), undefined, { snapshot: undefined, cmsUrl: cms.url, now: SAMPLE_NOW });
    expect(previous.result.errors).toEqual([]);
  }, 120_000);
  afterAll(() => cms?.close());

  it("fetches only the changed events by id; a 404 or a draft takes the event off the site", async () => {
    cms.requests.length = 0;
    eventById(snapshot, E(3)).title.zh = "亚信青年论坛（新）";
    eventById(snapshot, E(4))._status = "draft";
    snapshot.events = snapshot.events.filter((e) => e.id !== E(5));
    const triggers = [trigger(3, "update"), trigger(4, "unpublish"), trigger(5, "delete")];
    const partial = await partialLikeFull({ cmsUrl: cms.url }, triggers, previous);
    // By id, the changed events only (the full build after it asks for the lists).
    const byId = cms.requests.filter((r) => /^\/api\/events\/[^?]/.test(r));
    expect(byId.sort()).toEqual([3, 4, 5].map((n) => `/api/events/${E(n)}?locale=all&depth=0`).sort());
    expect(await readFile(path.join(partial.outputDir, "zh/events/cica-youth-forum/index.html"), "utf8")).toContain("亚信青年论坛（新）");
  }, 120_000);

  it("builds everything when the CMS fails a by-id request", async () => {
    cms.failNext = 1;
    const partial = await build(await tempDir(), undefined, {
      cmsUrl: cms.url,
      now: LATER,
      triggers: [trigger(3, "update")],
      previousDir: previous.outputDir,
      previousStateFile: previous.stateFile,
    });
    expect(partial.result.mode).toBe("full");
    expect(partial.result.reason).toMatch(/partial build failed.*500/);
    expect(partial.result.errors).toEqual([]);
  }, 120_000);
});

describe("calendars assembled from memoised event blocks", () => {
  it("are exactly the text ical-generator writes for the whole calendar in one piece", async () => {
    const { buildViews } = await import("../lib/view/index.js");
    const { calendarIcs, calendarIcsDirect } = await import("../lib/ics.js");
    const { validateContent } = await import("../lib/content.js");
    const { chromeByLocale } = await import("../lib/view/chrome.js");
    const snapshot = sampleSnapshot();
    // A long Russian title, so lines are folded inside multi-byte characters.
    eventAt(snapshot, 1).title.ru = "Заседание Комитета старших должностных лиц СВМДА ".repeat(4).trim();
    const caches = new SiteCaches();
    const views = await buildViews(validateContent(snapshot), { siteUrl: SITE_URL, now: new Date("2021-01-01T00:00:00Z"), caches });
    for (const locale of localeCodes) {
      const events = views.calendarByLocale[locale] ?? [];
      expect(events.length).toBeGreaterThan(5);
      const chrome = chromeByLocale(validateContent(snapshot).settings, new Date("2021-01-01T00:00:00Z"), SITE_URL)[locale];
      expect(calendarIcs(events, chrome, caches.vevents)).toBe(calendarIcsDirect(events, chrome));
      expect(calendarIcs(events, chrome, caches.vevents)).toBe(calendarIcs(events, chrome, caches.vevents)); // the second time from the memo
    }
  });
});

describe("the Nunjucks compile cache (lib/plugins/nunjucks-cache.ts)", () => {
  it("renders every page exactly as Eleventy's own Nunjucks engine does", async () => {
    const { renderToMemory } = await import("../lib/render.js");
    const { createBuildData } = await import("../lib/data.js");
    const { createSource } = await import("../lib/source.js");
    const data = createBuildData({
      source: createSource({ snapshot: sampleSnapshot(), mediaDir: MEDIA_DIR }),
      siteUrl: SITE_URL,
      now: SAMPLE_NOW,
      caches: new SiteCaches(),
    });
    const cached = await renderToMemory(data);
    const plain = await renderToMemory(data, { cacheNunjucks: false });
    expect(cached.length).toBeGreaterThan(60);
    const byFile = (list: { file: string; content: string }[]) => Object.fromEntries(list.map((o) => [o.file, o.content]));
    expect(byFile(cached)).toEqual(byFile(plain));
  }, 120_000);
});
