import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localeCodes } from "@cica/schema";
import { SiteCaches } from "../lib/caches.js";
import { validateContent } from "../lib/content.js";
import { dictionaries } from "../lib/i18n.js";
import { chromeByLocale } from "../lib/view/chrome.js";
import { withMoment, type EventPage } from "../lib/view/event.js";
import { addressSegments, dateBadge, formatBytes, languagesLine, placeParts } from "../lib/view/format.js";
import { buildViews, eventPageViews } from "../lib/view/index.js";
import { forthcoming, orderedEvents, past, pastByYear } from "../lib/view/listings.js";
import { SAMPLE_NOW, SOURCE_EVENT, eventById, sampleSnapshot } from "./fixtures/generate.js";
import { SITE_URL } from "./support/build.js";

// The page models, tested directly: what each page will say is decided here,
// before any template runs (templates only print these fields).

const content = validateContent(sampleSnapshot());
const seminar = content.events.find((e) => e.id === SOURCE_EVENT.id);
if (!seminar) throw new Error("the sample holds the source announcement");

async function seminarPages(caches = new SiteCaches()) {
  return eventPageViews(content, seminar!, { siteUrl: SITE_URL, now: SAMPLE_NOW, caches });
}

describe("formatting (view/format.ts)", () => {
  it("orders city and country as each language writes them", () => {
    const city = { text: "Beijing", lang: "" };
    expect(placeParts(city, "China", "en")).toEqual({ parts: [{ text: "Beijing", lang: "" }, { text: "China" }], separator: ", " });
    expect(placeParts({ text: "北京", lang: "" }, "中国", "zh")).toEqual({
      parts: [{ text: "中国" }, { text: "北京", lang: "" }],
      separator: "",
    });
    expect(placeParts(undefined, "Китай", "ru").parts).toEqual([{ text: "Китай" }]);
  });

  it("names the working languages and the interpretation in the page's language", () => {
    const t = dictionaries();
    const event = { workingLanguages: ["zh", "en", "ru"], interpretation: "simultaneous" as const };
    expect(languagesLine(event, "en", t.en)).toBe("Simultaneous interpretation in Chinese, English and Russian");
    expect(languagesLine({ workingLanguages: [], interpretation: null }, "en", t.en)).toBeUndefined();
  });

  it("cuts a page address after each slash, for <wbr>, giving back the address when joined", () => {
    const url = "https://events.example.org/en/events/cica-seminar-on-green-and-low-carbon-city-development/";
    expect(addressSegments(url)).toEqual([
      "https://",
      "events.example.org/",
      "en/",
      "events/",
      "cica-seminar-on-green-and-low-carbon-city-development/",
    ]);
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (u) => {
        expect(addressSegments(u).join("")).toBe(u);
      }),
    );
  });

  it("writes a date badge in the event's own zone and the page's language", () => {
    // 23:30 in Almaty on 31 December is already the next year there.
    const instant = "2026-12-31T18:30:00.000Z";
    expect(dateBadge(instant, "Asia/Almaty", "en")).toEqual({ day: "31", month: "Dec", year: "2026" });
    expect(dateBadge("2026-12-31T19:30:00.000Z", "Asia/Almaty", "en")).toEqual({ day: "1", month: "Jan", year: "2027" });
    expect(dateBadge(instant, "Asia/Almaty", "zh")).toEqual({ day: "31", month: "12月", year: "2026" });
  });

  it("writes file sizes in the locale's units, never below 1 kB", () => {
    expect(formatBytes(100, "en")).toBe("1 kB");
    expect(formatBytes(3 * 1024 * 1024, "en")).toBe("3 MB");
    expect(formatBytes(0, "en")).toBeUndefined();
  });
});

describe("an event's page model (view/event.ts)", () => {
  it("gives the place parts in the locale's order, the city marked with its language", async () => {
    const pages = await seminarPages();
    const place = (locale: string) => pages.find((p) => p.locale === locale);
    expect(place("en")?.placeParts).toEqual([{ text: "Beijing", lang: "" }, { text: "China" }]);
    expect(place("zh")?.placeParts).toEqual([{ text: "中国" }, { text: "北京", lang: "" }]);
    expect(place("zh")?.placeSeparator).toBe("");
  });

  it("builds JSON-LD from the event's instants and addresses, whatever the page's wording", async () => {
    for (const page of await seminarPages()) {
      const data = JSON.parse(page.meta.jsonLd ?? "{}");
      expect(Date.parse(data.startDate)).toBe(Date.parse(SOURCE_EVENT.startsAt));
      // The event's own offset (Beijing), not UTC and not the display string.
      expect(data.startDate).toBe("2022-10-31T13:00:00+08:00");
      expect(data.url).toBe(page.canonical);
      expect(data.location).toMatchObject({ "@type": "VirtualLocation" });
    }
  });

  it("claims only fully translated versions in hreflang", async () => {
    const snapshot = sampleSnapshot();
    eventById(snapshot, SOURCE_EVENT.id).summary = { en: "English only" };
    const partly = validateContent(snapshot);
    const event = partly.events.find((e) => e.id === SOURCE_EVENT.id)!; // validated from the sample above
    const pages = await eventPageViews(partly, event, { siteUrl: SITE_URL, now: SAMPLE_NOW, caches: new SiteCaches() });
    const en = pages.find((p) => p.locale === "en");
    expect(en?.meta.alternates.map((a) => a.hreflang)).toEqual(["en", "x-default"]);
    expect(pages.find((p) => p.locale === "ru")?.meta.alternates).toEqual([]);
    expect(pages.find((p) => p.locale === "ru")?.summary).toEqual({ text: "English only", lang: "en" });
  });

  it("keeps its memos in the caches it is given: two services never share them", async () => {
    const mine = new SiteCaches();
    const theirs = new SiteCaches();
    await seminarPages(mine);
    expect(mine.qr.size).toBe(localeCodes.length);
    expect(mine.models.size).toBe(1);
    expect(theirs.qr.size).toBe(0);
    expect(theirs.models.size).toBe(0);
  });
});

describe("listings (view/listings.ts)", () => {
  const instant = fc
    .integer({ min: Date.parse("2020-01-01T00:00:00Z"), max: Date.parse("2026-01-01T00:00:00Z") })
    .map((t) => new Date(t).toISOString());

  it("splits every locale's events into forthcoming (soonest first) and past (latest first), losing none", async () => {
    const caches = new SiteCaches();
    const chrome = chromeByLocale(content.settings, SAMPLE_NOW, SITE_URL);
    const models = (await eventPageViews(content, seminar!, { siteUrl: SITE_URL, now: SAMPLE_NOW, caches })).filter(
      (p) => p.locale === "en",
    );
    const template = models[0]!; // the seminar has an English page
    fc.assert(
      fc.property(fc.array(fc.tuple(instant, fc.option(instant, { nil: undefined })), { maxLength: 30 }), instant, (times, nowIso) => {
        const now = new Date(nowIso);
        const pages: EventPage[] = times.map(([start, end], i) =>
          withMoment({ ...template, id: `e${i}`, startsAt: start, endsAt: end && end >= start ? end : undefined }, chrome, now),
        );
        const soon = forthcoming(pages, now);
        const gone = past(pages, now);
        expect(soon.length + gone.length).toBe(pages.length);
        expect(soon.every((p) => Date.parse(p.endsAt ?? p.startsAt) >= now.getTime())).toBe(true);
        expect(soon.map((p) => Date.parse(p.startsAt))).toEqual(soon.map((p) => Date.parse(p.startsAt)).sort((a, b) => a - b));
        expect(gone.map((p) => Date.parse(p.startsAt))).toEqual(gone.map((p) => Date.parse(p.startsAt)).sort((a, b) => b - a));
        const years = pastByYear(gone).map((g) => g.year);
        expect(years).toEqual([...new Set(years)]);
        expect(pastByYear(gone).flatMap((g) => g.events).length).toBe(gone.length);
      }),
    );
  });

  it("orders events by start, then id, whatever order the CMS gave", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), startsAt: instant })), (events) => {
        const once = orderedEvents(events);
        expect(orderedEvents([...events].reverse())).toEqual(once);
      }),
    );
  });

  it("puts every page of the sample in the views, with a sitemap entry for each canonical page", async () => {
    const views = await buildViews(content, { siteUrl: SITE_URL, now: SAMPLE_NOW, caches: new SiteCaches() });
    expect(views.eventPages.length).toBe(content.events.length * localeCodes.length);
    // The root, the home pages, every listing page (index, years, countries) and every event page.
    expect(views.indexPages.length).toBeGreaterThan(2 * localeCodes.length);
    const entries = views.sitemapChunks.flatMap((chunk) => chunk.entries);
    expect(entries.length).toBe(1 + localeCodes.length + views.indexPages.length + views.eventPages.length);
    expect(new Set(entries.map((e) => e.loc)).size).toBe(entries.length);
    expect(views.notFoundPages.every((p) => p.meta.robots === "noindex" && !p.meta.canonical)).toBe(true);
  });
});
