import fc from "fast-check";
import ICAL from "ical.js";
import { DateTime } from "luxon";
import { tzlib_get_ical_block } from "timezones-ical-library";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localeCodes, resolveEvent, type LocaleCode } from "@cica/schema";
import { SiteCaches } from "../lib/caches.js";
import { validateContent } from "../lib/content.js";
import { whenLine } from "../lib/dates.js";
import { dictionaries } from "../lib/i18n.js";
import { eventIcs } from "../lib/ics.js";
import { eventJsonLd } from "../lib/jsonld.js";
import { eventPageViews } from "../lib/view/index.js";
import type { EventPage } from "../lib/view/event.js";
import { SAMPLE_NOW, SOURCE_EVENT, sampleSnapshot } from "./fixtures/generate.js";
import { SITE_URL } from "./support/build.js";
import { allZones, offsetTransitions, type Transition } from "./support/zones.js";

// Issue 10, item 4 of the site side: over every zone and every change of
// offset from 2026 to 2028, the page's date line (its time and GMT offset),
// the JSON-LD startDate and the .ics read back by ical.js name one instant,
// in all three languages. Luxon is the reference (the same tz data as Intl).

const FROM = Date.parse("2026-01-01T00:00:00Z");
const TO = Date.parse("2029-01-01T00:00:00Z");
/** Minutes around each transition every run checks: the last minute of the old offset and the first of the new. */
const AROUND = [-1, 0];
/** Random cases after the fixed ones: within six hours of a change, or anywhere. */
const RANDOM_RUNS = 600;

const t = dictionaries();
let transitions: Transition[] = [];
let pages: Record<LocaleCode, EventPage>;
let resolved: Record<LocaleCode, ReturnType<typeof resolveEvent>>;
const stats = { cases: 0, withTzid: 0, started: 0 };
/** Zones whose VTIMEZONE (the library's tz data) places a time elsewhere than Intl does: written in UTC instead. */
const disagreeing = new Set<string>();

beforeAll(async () => {
  stats.started = performance.now();
  transitions = offsetTransitions(allZones, FROM, TO);
  const content = validateContent(sampleSnapshot());
  const event = content.events.find((e) => e.id === SOURCE_EVENT.id)!; // the sample holds the source announcement
  const models = await eventPageViews(content, event, { siteUrl: SITE_URL, now: SAMPLE_NOW, caches: new SiteCaches() });
  pages = Object.fromEntries(models.map((m) => [m.locale, m])) as typeof pages; // one model per locale
  resolved = Object.fromEntries(localeCodes.map((l) => [l, resolveEvent(event, l)])) as typeof resolved; // one per locale
});

afterAll(() => {
  const seconds = ((performance.now() - stats.started) / 1000).toFixed(1);
  console.log(
    `time-zone property (Intl and luxon: tz ${process.versions.tz}; VTIMEZONEs: timezones-ical-library): ${allZones.length} zones, ${transitions.length} offset changes 2026–2028, ${stats.cases} cases ` +
      `(each in 3 languages; ${stats.withTzid} .ics entries with a TZID, the rest UTC) in ${seconds} s; ` +
      `VTIMEZONE disagrees with Intl for: ${[...disagreeing].sort().join(", ") || "none"}`,
  );
});

/** "GMT+5:45", "GMT-4", "GMT" from minutes, written here independently of the site's own gmtOffsetLabel. */
function offsetLabel(minutes: number): string {
  if (minutes === 0) return "GMT";
  const abs = Math.abs(minutes);
  const rest = abs % 60 ? `:${String(abs % 60).padStart(2, "0")}` : "";
  return `GMT${minutes < 0 ? "-" : "+"}${Math.floor(abs / 60)}${rest}`;
}

const vtimezoneAgrees = new Map<string, ICAL.Timezone | null>();
/** ical.js's reading of the library's VTIMEZONE for a zone (null when there is none). */
function libraryZone(zone: string): ICAL.Timezone | null {
  if (!vtimezoneAgrees.has(zone)) {
    const found = tzlib_get_ical_block(zone);
    const block = Array.isArray(found) ? found[0] : undefined;
    const vtimezone = block
      ? new ICAL.Component(ICAL.parse(`BEGIN:VCALENDAR\r\n${block}\r\nEND:VCALENDAR`)).getFirstSubcomponent("vtimezone")
      : null;
    vtimezoneAgrees.set(zone, vtimezone ? new ICAL.Timezone(vtimezone) : null);
  }
  return vtimezoneAgrees.get(zone) ?? null;
}

const zonesRead = new Map<string, ICAL.Timezone>();
/** A VTIMEZONE's text as ical.js reads it, parsed once per distinct text. */
function readZone(text: string): ICAL.Timezone {
  let zone = zonesRead.get(text);
  if (!zone) {
    zone = new ICAL.Timezone(
      new ICAL.Component(ICAL.parse(`BEGIN:VCALENDAR\r\n${text}\r\nEND:VCALENDAR`)).getFirstSubcomponent("vtimezone")!,
    );
    zonesRead.set(text, zone);
  }
  return zone;
}

/** One instant in one zone: the page's line and JSON-LD in every language, and the .ics. */
function check(zone: string, instant: number): void {
  stats.cases++;
  const iso = new Date(instant).toISOString();
  const local = DateTime.fromMillis(instant, { zone });
  const label = offsetLabel(local.offset);

  for (const locale of localeCodes) {
    // The page: its time and offset are the zone's at that instant.
    const line = whenLine({ startsAt: iso, timeZone: zone }, locale, t[locale]);
    expect(line, `${zone} ${iso} ${locale}`).toContain(local.toFormat("HH:mm"));
    expect(line, `${zone} ${iso} ${locale}`).toMatch(new RegExp(`[,，] ?${label.replace("+", "\\+")}[)）]$`));

    // JSON-LD: the same instant, written with the same wall-clock time (so the same offset).
    const event = { ...resolved[locale], startsAt: iso, endsAt: undefined, timeZone: zone };
    const data = JSON.parse(eventJsonLd({ event, url: SITE_URL, languages: ["en"], description: "", organizers: [] }));
    expect(Date.parse(data.startDate)).toBe(instant);
    expect(data.startDate.slice(0, 16)).toBe(local.toFormat("yyyy-MM-dd'T'HH:mm"));
  }

  // The .ics, read by ical.js: the same instant; with a TZID, the same wall-clock time as the page.
  const end = new Date(instant + 36e5).toISOString();
  const ics = eventIcs({ ...pages.en, startsAt: iso, calendarEndsAt: end, timeZone: zone }, new SiteCaches().vevents);
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent("vevent")!; // every .ics holds its event
  const entry = new ICAL.Event(vevent);
  const tzid = vevent.getFirstProperty("dtstart")?.getParameter("tzid");
  if (tzid) {
    stats.withTzid++;
    const vtimezones = calendar.getAllSubcomponents("vtimezone");
    expect(vtimezones.map((z) => z.getFirstPropertyValue("tzid"))).toEqual([tzid]);
    // ical.js expands a zone's rules from 1970 each time it reads a file; the file's own block, read once per text.
    const zoneOfFile = readZone(vtimezones[0]!.toString());
    const read = ({ year, month, day, hour, minute, second }: ICAL.Time) =>
      new ICAL.Time({ year, month, day, hour, minute, second }, zoneOfFile).toUnixTime() * 1000;
    expect(read(entry.startDate), `${zone} ${iso} .ics`).toBe(instant);
    expect(read(entry.endDate)).toBe(instant + 36e5);
    expect(entry.startDate.toString().slice(0, 16)).toBe(local.toFormat("yyyy-MM-dd'T'HH:mm"));
    return;
  }
  expect(entry.startDate.toJSDate().getTime(), `${zone} ${iso} .ics`).toBe(instant);
  expect(entry.endDate.toJSDate().getTime()).toBe(instant + 36e5);
  // Written in UTC: only where a TZID could not name this instant for every reader.
  const libraryTz = libraryZone(zone);
  const later = DateTime.fromMillis(instant + 36e5, { zone });
  const ambiguous = local.getPossibleOffsets().length > 1 || later.getPossibleOffsets().length > 1;
  if (!libraryTz || zone === "UTC" || ambiguous) return;
  const asRead = (at: DateTime) =>
    new ICAL.Time(
      { year: at.year, month: at.month, day: at.day, hour: at.hour, minute: at.minute, second: at.second },
      libraryTz,
    ).toUnixTime() * 1000;
  const agrees = asRead(local) === instant && asRead(later) === instant + 36e5;
  expect(agrees, `${zone} ${iso}: written in UTC although its VTIMEZONE agrees`).toBe(false);
  disagreeing.add(zone);
}

describe("page, JSON-LD and .ics over every zone and offset change 2026–2028 (property)", () => {
  it("name the same instant and the same offset, in every language", () => {
    expect(transitions.length).toBeGreaterThan(100);
    const zonesWithoutChanges = allZones.filter((z) => !transitions.some((tr) => tr.zone === z));
    // Every change of offset at each of the fixed distances, and every zone without changes…
    const examples: [string, number][] = [
      ...transitions.flatMap((tr) => AROUND.map((m): [string, number] => [tr.zone, tr.at + m * 60_000])),
      ...zonesWithoutChanges.map((z): [string, number] => [z, Date.parse("2027-06-15T09:45:00Z")]),
    ];
    // …then random minutes: near a change (within 6 hours) or anywhere in the three years, in any zone.
    const nearChange = fc
      .tuple(fc.constantFrom(...transitions), fc.integer({ min: -360, max: 360 }))
      .map(([tr, m]): [string, number] => [tr.zone, tr.at + m * 60_000]);
    const anywhere = fc.tuple(
      fc.constantFrom(...allZones),
      fc.integer({ min: FROM, max: TO - 1 }).map((ms) => ms - (ms % 60_000)),
    );
    fc.assert(
      fc.property(fc.oneof(nearChange, anywhere), ([zone, at]) => check(zone, at)),
      // fast-check runs the examples first, within numRuns.
      { examples: examples.map((e) => [e]), numRuns: examples.length + RANDOM_RUNS },
    );
    expect(stats.cases).toBe(examples.length + RANDOM_RUNS);
  }, 120_000);
});
