import fc from "fast-check";
import { XMLParser } from "fast-xml-parser";
import { DomUtils, parseDocument } from "htmlparser2";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limits, localeCodes, localeInfo, type LocaleCode } from "@cica/schema";
import { atomFeed } from "../lib/feed.js";
import { validateContent } from "../lib/content.js";
import { SiteCaches } from "../lib/caches.js";
import { buildViews } from "../lib/view/index.js";
import { SAMPLE_NOW, SOURCE_EVENT, eventById, sampleSnapshot, type EventInput } from "./fixtures/generate.js";
import { SITE_URL, buildSample, read, removeTempDirs } from "./support/build.js";

// What feed readers and calendar apps make of the site's feeds and calendars,
// read back with their own parsers (issue 9, item 11), and what a page falling
// back to English tells search engines (item 12).

afterAll(removeTempDirs);

// Text stays text: a title such as "0" is not a number.
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false });

/** An Atom text construct as a reader shows it: type="html" is parsed as HTML, text (the default) taken as it is. */
function atomText(node: unknown): string {
  if (typeof node === "string") return node;
  const { "#text": text = "", "@type": type = "text" } = node as { "#text"?: string; "@type"?: string };
  return type === "html" ? DomUtils.textContent(parseDocument(text, { decodeEntities: true })) : text;
}

const DURATION = 90;
const snapshot = sampleSnapshot();
snapshot.settings.calendarDefaultDurationMinutes = DURATION;
const marked = eventById(snapshot, snapshot.events[1]!.id);
marked.title = { ...marked.title, en: "A & <B> — Fish & Chips <script>" };
const withoutEnd = snapshot.events.filter((e) => !e.endsAt);
let out!: string;

beforeAll(async () => {
  const { outputDir, result } = await buildSample({ snapshot });
  expect(result.errors).toEqual([]);
  out = outputDir;
}, 120_000);

const vevents = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));

describe("Atom feed", () => {
  it("reads back each entry's title as the event's title, markup characters included", async () => {
    const feed = parser.parse(await read(out, "en/feed.xml")).feed;
    const entry = [feed.entry].flat().find((e) => e.id === `${SITE_URL}/en/events/${marked.slug}/`);
    expect(atomText(entry.title)).toBe(marked.title.en);
  });

  it("reads back any title exactly, whatever characters it holds", async () => {
    const views = await buildViews(validateContent(sampleSnapshot()), { siteUrl: SITE_URL, now: SAMPLE_NOW, caches: new SiteCaches() });
    const page = views.eventsByLocale.en![0]!;
    // Markup characters and entity look-alikes among any other graphemes.
    const unit = fc.oneof(
      fc.constantFrom("&", "<", ">", '"', "'", "]]>", "&amp;", "<b>", "&#60;"),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
    );
    const title = fc.string({ unit, minLength: 1, maxLength: limits.title / 4 }).filter((t) => t.trim() === t && t.length > 0);
    fc.assert(
      fc.property(title, (text) => {
        const xml = atomFeed([{ ...page, title: { ...page.title, text } }], page.chrome, SITE_URL);
        const entry = [parser.parse(xml).feed.entry].flat()[0];
        expect(atomText(entry.title)).toBe(text);
      }),
    );
  });
});

describe("events without an end in calendars", () => {
  it("last the site's default duration in their .ics, in every language", async () => {
    expect(withoutEnd.length).toBeGreaterThan(0);
    for (const locale of localeCodes) {
      for (const event of withoutEnd) {
        const [ev] = vevents(await read(out, `${locale}/events/${event.slug}.ics`));
        expect(ev!.startDate.toJSDate().toISOString()).toBe(new Date(event.startsAt).toISOString());
        expect(ev!.endDate.toJSDate().getTime() - ev!.startDate.toJSDate().getTime()).toBe(DURATION * 60_000);
      }
    }
  });

  it("last the same in the Google Calendar link, and the page says the entry assumes that duration", async () => {
    const event = eventById(snapshot, SOURCE_EVENT.id);
    const notes: Record<LocaleCode, string> = { en: "1 hour, 30 minutes", ru: "1 час 30 минут", zh: "1小时30分钟" };
    for (const locale of localeCodes) {
      const html = await read(out, `${locale}/events/${event.slug}/index.html`);
      const href = html.match(/href="(https:\/\/calendar\.google\.com[^"]+)"/)?.[1]?.replace(/&amp;/g, "&") ?? "";
      const [from = "", to = ""] = (new URL(href).searchParams.get("dates") ?? "").split("/");
      const instant = (stamp: string) => Date.parse(stamp.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z"));
      expect(instant(from)).toBe(Date.parse(event.startsAt));
      expect(instant(to) - instant(from)).toBe(DURATION * 60_000);
      expect(html).toContain(notes[locale]);
    }
  });

  it("keep their own end when they have one, and say nothing about a duration", async () => {
    const event = snapshot.events.find((e) => e.endsAt)!;
    const [ev] = vevents(await read(out, `en/events/${event.slug}.ics`));
    expect(ev!.endDate.toJSDate().toISOString()).toBe(new Date(event.endsAt!).toISOString());
    expect(await read(out, `en/events/${event.slug}/index.html`)).not.toContain("No end time has been announced");
  });
});

describe("the subscribable calendar", () => {
  it("keeps the events that ended in the last 12 months besides the forthcoming ones", async () => {
    const since = new Date(SAMPLE_NOW);
    since.setUTCMonth(since.getUTCMonth() - 12);
    const calendarEnd = (e: EventInput) => Date.parse(e.endsAt ?? e.startsAt) + (e.endsAt ? 0 : DURATION * 60_000);
    const kept = snapshot.events.filter((e) => calendarEnd(e) >= since.getTime());
    // The sample has past events on both sides of the window, so both rules are exercised.
    expect(kept.some((e) => calendarEnd(e) < SAMPLE_NOW.getTime())).toBe(true);
    expect(kept.length).toBeLessThan(snapshot.events.length);
    for (const locale of localeCodes) {
      const uids = vevents(await read(out, `${locale}/calendar.ics`)).map((ev) => ev.uid);
      expect(uids.sort()).toEqual(kept.map((e) => `event-${e.id}@cica-events`).sort());
    }
  });
});

describe("pages that fall back to English", () => {
  /** The language an event's page in `locale` is shown in: its own where its title is translated, else English. */
  const shownIn = (event: EventInput, locale: LocaleCode) => localeInfo(event.title[locale] ? locale : "en").bcp47;
  const englishOnly = snapshot.events.filter((e) => !e.title.ru && !e.title.zh);

  it("state in JSON-LD the language actually shown", async () => {
    expect(englishOnly.length).toBeGreaterThan(0);
    for (const event of englishOnly) {
      for (const locale of localeCodes) {
        const html = await read(out, `${locale}/events/${event.slug}/index.html`);
        const data = JSON.parse(html.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)?.[1] ?? "{}");
        expect(data.inLanguage).toBe("en");
      }
    }
  });

  it("are never linked with an hreflang other than the language they show", async () => {
    for (const event of snapshot.events) {
      for (const locale of localeCodes) {
        const html = await read(out, `${locale}/events/${event.slug}/index.html`);
        for (const target of localeCodes) {
          const href = `/${target}/events/${event.slug}/`;
          for (const tag of html.matchAll(/<(?:a|link)\b[^>]*>/g)) {
            const attrs = tag[0];
            const linked = attrs.match(/href="([^"]*)"/)?.[1];
            const hreflang = attrs.match(/hreflang="([^"]*)"/)?.[1];
            if (!hreflang || hreflang === "x-default" || (linked !== href && linked !== `${SITE_URL}${href}`)) continue;
            expect(hreflang, `${locale} page of ${event.slug} → ${href}`).toBe(shownIn(event, target));
          }
        }
      }
    }
  });
});
