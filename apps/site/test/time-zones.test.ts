import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localeCodes, type LocaleCode } from "@cica/schema";
import { whenLine } from "../lib/dates.js";
import { dictionaries } from "../lib/i18n.js";
import { eventTzid } from "../lib/ics.js";
import { eventById, sampleSnapshot } from "./fixtures/generate.js";
import { addTimeZoneEvents } from "./fixtures/time-zones.js";
import { buildSample, read, removeTempDirs } from "./support/build.js";

// Issue 10 on the site: both ends of an event on its page (item 4), calendars
// in the event's own zone (item 6), and page, JSON-LD, .ics and Google link
// naming one instant, also in a DST overlap and in a quarter-hour zone.

afterAll(removeTempDirs);

const t = dictionaries();
const when = (locale: LocaleCode, startsAt: string, endsAt: string | null, timeZone: string) =>
  whenLine({ startsAt, endsAt, timeZone }, locale, t[locale]);

describe("the date line (item 4)", () => {
  // 23:30 to 01:30 in Tehran (GMT+3:30).
  const overnight = ["2027-02-20T20:00:00.000Z", "2027-02-20T22:00:00.000Z", "Asia/Tehran"] as const;

  it("shows both ends of an overnight event with their dates, in every language", () => {
    expect(when("en", ...overnight)).toBe("20 February 2027, 23:30 – 21 February, 01:30 (Tehran time, GMT+3:30)");
    expect(when("ru", ...overnight)).toBe("20 февраля 2027 г., 23:30 – 21 февраля, 01:30 (по тегеранскому времени, GMT+3:30)");
    expect(when("zh", ...overnight)).toBe("2027年2月20日 23:30至2月21日 01:30（德黑兰时间，GMT+3:30）");
  });

  it("keeps a same-day event on one date, and an event without an end at its start", () => {
    expect(when("en", "2027-02-20T05:30:00.000Z", "2027-02-20T13:30:00.000Z", "Asia/Tehran")).toBe(
      "20 February 2027, 09:00–17:00 (Tehran time, GMT+3:30)",
    );
    expect(when("ru", "2027-02-20T05:30:00.000Z", null, "Asia/Tehran")).toBe(
      "20 февраля 2027 г., 09:00 (по тегеранскому времени, GMT+3:30)",
    );
  });

  it("writes the end's year only when it differs, and both offsets when DST changes during the event", () => {
    expect(when("en", "2026-12-31T19:00:00.000Z", "2027-01-01T07:00:00.000Z", "Asia/Kathmandu")).toBe(
      "1 January 2027, 00:45–12:45 (Kathmandu time, GMT+5:45)",
    );
    expect(when("en", "2026-12-31T16:00:00.000Z", "2027-01-01T01:00:00.000Z", "Asia/Kathmandu")).toBe(
      "31 December 2026, 21:45 – 1 January 2027, 06:45 (Kathmandu time, GMT+5:45)",
    );
    // London springs forward at 01:00 GMT on 28 March 2027.
    expect(when("en", "2027-03-27T23:30:00.000Z", "2027-03-28T02:00:00.000Z", "Europe/London")).toBe(
      "27 March 2027, 23:30 – 28 March, 03:00 (London time, GMT → GMT+1)",
    );
  });

  it("tells the two 01:30s of a fall-back night apart by their offset", () => {
    // Europe/London falls back from 02:00 BST to 01:00 GMT on 31 October 2027.
    expect(when("en", "2027-10-31T00:30:00.000Z", null, "Europe/London")).toBe("31 October 2027, 01:30 (London time, GMT+1)");
    expect(when("en", "2027-10-31T01:30:00.000Z", null, "Europe/London")).toBe("31 October 2027, 01:30 (London time, GMT)");
  });

  it("writes an event announced by whole days as its days", () => {
    // Midnight to midnight in New York, 14 to 16 September.
    const days = ["2027-09-14T04:00:00.000Z", "2027-09-17T04:00:00.000Z", "America/New_York"] as const;
    // ICU puts thin spaces around the en dash of an English range.
    expect(when("en", ...days)).toMatch(/^14\s–\s16 September 2027 \(Eastern Time\)$/);
    expect(when("ru", ...days)).toMatch(/^14–16 сентября 2027\sг\. \(по нью-йоркскому времени\)$/);
    expect(when("zh", ...days)).toBe("2027年9月14日至2027年9月16日（纽约时间）");
  });
});

// --- one instant everywhere: built pages, JSON-LD, .ics and the Google link ----------------

const snapshot = sampleSnapshot();
const cases = addTimeZoneEvents(snapshot);
// Almaty was GMT+6 until March 2024; the library's VTIMEZONE only knows today's +5.
const almatyBefore2024 = eventById(snapshot, "64f0000000000000000000e2");

let out!: string;
beforeAll(async () => {
  const { outputDir, result } = await buildSample({ snapshot });
  expect(result.errors).toEqual([]);
  out = outputDir;
}, 120_000);

const page = (locale: LocaleCode, slug: string) => read(out, `${locale}/events/${slug}/index.html`);

/** The event's entry in an .ics text, parsed by ical.js; its DTSTART's zone is resolved from the file's own VTIMEZONE. */
function parsedEntry(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevent = calendar.getFirstSubcomponent("vevent");
  if (!vevent) throw new Error("no VEVENT");
  const dtstart = vevent.getFirstProperty("dtstart");
  const tzid = dtstart?.getParameter("tzid");
  const event = new ICAL.Event(vevent);
  const zones = calendar.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid"));
  return { tzid, zones, start: event.startDate, end: event.endDate };
}

function jsonLd(html: string): { startDate: string; endDate?: string } {
  return JSON.parse(html.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)?.[1] ?? "{}");
}

function googleLink(html: string): URL {
  return new URL(html.match(/href="(https:\/\/calendar\.google\.com[^"]+)"/)?.[1]?.replace(/&amp;/g, "&") ?? "about:blank");
}

const googleInstant = (stamp: string) => Date.parse(stamp.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z"));

describe("an event's page (item 4)", () => {
  it("shows the end of an overnight event in every language", async () => {
    expect(await page("en", cases.overnight.slug)).toContain("20 February 2027, 23:30 – 21 February, 01:30 (Tehran time, GMT+3:30)");
    expect(await page("ru", cases.overnight.slug)).toContain("21 февраля, 01:30 (по тегеранскому времени, GMT+3:30)");
    expect(await page("zh", cases.overnight.slug)).toContain("至2月21日 01:30（德黑兰时间，GMT+3:30）");
  });
});

describe("calendars in the event's own zone (item 6)", () => {
  it("write DTSTART with the zone's TZID and a VTIMEZONE for it, in the single event's .ics", async () => {
    for (const event of [cases.overnight, cases.quarterHour, cases.newYork, cases.afterGap]) {
      const entry = parsedEntry(await read(out, `en/events/${event.slug}.ics`));
      expect(entry.tzid, event.slug).toBe(event.timeZone);
      expect(entry.zones).toEqual([event.timeZone]);
      expect(entry.start.zone?.tzid).toBe(event.timeZone);
    }
  });

  it("write a legacy alias under its canonical TZID", async () => {
    const entry = parsedEntry(await read(out, `en/events/${cases.legacyAlias.slug}.ics`));
    expect(entry.tzid).toBe("Asia/Kolkata");
    expect(entry.zones).toEqual(["Asia/Kolkata"]);
  });

  it("write UTC where a TZID could name another instant: either 01:30 of a fall-back night, Almaty before 2024", async () => {
    // RFC 5545 reads a repeated local time as its first occurrence, ical.js as its second.
    for (const event of [cases.firstOverlap, cases.secondOverlap, almatyBefore2024]) {
      const text = await read(out, `en/events/${event.slug}.ics`);
      expect(parsedEntry(text).tzid, event.slug).toBeUndefined();
      expect(text).toMatch(/DTSTART:\d{8}T\d{6}Z/);
    }
  });

  it("hold one VTIMEZONE per zone in the subscribable calendar, and each entry's zone", async () => {
    const text = await read(out, "en/calendar.ics");
    const calendar = new ICAL.Component(ICAL.parse(text));
    const zones = calendar.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid"));
    expect(new Set(zones).size).toBe(zones.length);
    for (const vevent of calendar.getAllSubcomponents("vevent")) {
      const tzid = vevent.getFirstProperty("dtstart")?.getParameter("tzid");
      if (tzid) expect(zones).toContain(tzid);
    }
    expect(zones).toEqual(expect.arrayContaining(["Asia/Tehran", "Asia/Kathmandu", "Europe/London", "America/New_York"]));
  });
});

describe("where the VTIMEZONE data and Intl disagree", () => {
  // timezones-ical-library carries tz 2026c; Node's ICU tz 2025c. In 2026c
  // British Columbia keeps UTC-7 all year; 2025c still has it fall back to
  // UTC-8 in winter, and the pages (and the stored instants) follow Intl.
  it("writes Vancouver's winter in UTC and its summer with the TZID", () => {
    expect(eventTzid("America/Vancouver", ["2027-01-15T18:00:00.000Z"])).toBeNull();
    expect(eventTzid("America/Vancouver", ["2027-07-15T18:00:00.000Z"])).toBe("America/Vancouver");
  });

  it("writes Almaty before March 2024 (GMT+6) in UTC, and after it (GMT+5) with the TZID", () => {
    expect(eventTzid("Asia/Almaty", ["2022-10-12T04:00:00.000Z"])).toBeNull();
    expect(eventTzid("Asia/Almaty", ["2027-10-12T04:00:00.000Z"])).toBe("Asia/Almaty");
  });
});

describe("one instant on the page, in JSON-LD, in the .ics and in the Google link", () => {
  const all = [...Object.values(cases), almatyBefore2024];

  it.each(all.map((e) => [e.slug, e] as const))("%s", async (_slug, event) => {
    const start = Date.parse(event.startsAt);
    for (const locale of localeCodes) {
      const html = await page(locale, event.slug);
      // The page: the machine-readable instant of the date line and the offset it prints.
      expect(Date.parse(html.match(/<time datetime="([^"]+)" data-local-time/)?.[1] ?? "")).toBe(start);
      const data = jsonLd(html);
      expect(Date.parse(data.startDate)).toBe(start);
      const offset = data.startDate.slice(-6);
      // "+05:45" is printed "GMT+5:45", "+01:00" "GMT+1", "+00:00" "GMT" (closing the brackets).
      const [, sign = "", hours = "", minutes = ""] = offset.match(/^([+-])(\d\d):(\d\d)$/) ?? [];
      const printed = offset === "+00:00" ? "GMT" : `GMT${sign}${Number(hours)}${minutes === "00" ? "" : `:${minutes}`}`;
      expect(html, `${locale} ${event.slug} prints the offset of its JSON-LD`).toMatch(
        new RegExp(`[(（][^)）]*[,，] ?${printed.replace("+", "\\+")}[)） ]`),
      );
      const entry = parsedEntry(await read(out, `${locale}/events/${event.slug}.ics`));
      expect(entry.start.toJSDate().getTime()).toBe(start);
      if (event.endsAt) expect(entry.end.toJSDate().getTime()).toBe(Date.parse(event.endsAt));
      const google = googleLink(html);
      expect(google.searchParams.get("ctz")).toBe(event.timeZone);
      expect(googleInstant(google.searchParams.get("dates")?.split("/")[0] ?? "")).toBe(start);
    }
  });
});
