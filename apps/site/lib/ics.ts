import { createHash } from "node:crypto";
import ical, { ICalEventStatus, type ICalCalendar, type ICalEventData } from "ical-generator";
import { DateTime } from "luxon";
import ICAL from "ical.js";
import { tzlib_get_ical_block } from "timezones-ical-library";
import { localeInfo, type EventStatus, type LocaleCode } from "@cica/schema";
import { fill, labelled } from "./i18n.js";
import { withMeasuredFolding } from "./ics-fold.js";
import { byInstantAndZone } from "./instant-memo.js";
import type { Memo } from "./memo.js";
import type { Chrome } from "./view/chrome.js";
import type { EventPage } from "./view/event.js";

// RFC 5545 text comes from ical-generator. Times are written in the event's
// own zone (DTSTART;TZID=Asia/Tehran:20270220T233000), so a calendar app keeps
// the organiser's zone; the VTIMEZONE blocks come from timezones-ical-library
// (the tz database compiled by vzic, tz 2026c in 2.3.2; Node's ICU, which the
// pages use, carries 2025c). A VTIMEZONE states only a zone's current rules
// (from 1970 on), and RFC 5545 reads a repeated local time (a DST overlap) as
// its first occurrence (ical.js as its second), so an event's times are
// written with a TZID only where that VTIMEZONE places them on the stored
// instant whichever way a reader resolves it; otherwise (a past rule such as
// Almaty's +6 before 2024, either 01:30 of a fall-back night, a zone the
// library lacks) in UTC, which is always exact. Where the library's newer tz
// data disagrees with Node's (2026c vs 2025c: Vancouver and Edmonton keep one
// offset all year in 2026c; Morocco; Israel and Palestine on some dates), UTC
// is also what every app reads alike: Google and Outlook apply their own tz
// data to a TZID they know rather than the file's VTIMEZONE.

interface CalendarZone {
  /** The TZID the library names the zone by: its canonical name, also for an alias (Asia/Calcutta → Asia/Kolkata). */
  tzid: string;
  block: string;
  /** The block as a calendar app reads it (ical.js, RFC 5545's rules). */
  reading: ICAL.Timezone;
}

const calendarZones = new Map<string, CalendarZone | null>();

/** The library's VTIMEZONE for a zone, or null when it has none. */
function calendarZone(timeZone: string): CalendarZone | null {
  let zone = calendarZones.get(timeZone);
  if (zone === undefined) {
    const found = tzlib_get_ical_block(timeZone);
    // An array [block, "TZID=…"] for a zone it knows; an empty or error string otherwise.
    const [block, tzidLine] = Array.isArray(found) ? found : [];
    const tzid = tzidLine?.startsWith("TZID=") ? tzidLine.slice("TZID=".length) : undefined;
    const vtimezone =
      block?.startsWith("BEGIN:VTIMEZONE") && tzid
        ? new ICAL.Component(ICAL.parse(`BEGIN:VCALENDAR\r\n${block}\r\nEND:VCALENDAR`)).getFirstSubcomponent("vtimezone")
        : null;
    zone = vtimezone && block && tzid ? { tzid, block, reading: new ICAL.Timezone(vtimezone) } : null;
    calendarZones.set(timeZone, zone);
  }
  return zone;
}

/** ical-generator asks for the VTIMEZONE of each TZID a calendar uses. */
function vtimezoneOf(tzid: string): string | null {
  return calendarZone(tzid)?.block ?? null;
}

/**
 * Whether every reader takes the instant's wall-clock time with this TZID back
 * as that instant: the time occurs once (RFC 5545 reads a repeated one as its
 * first occurrence, ical.js as its second), and the VTIMEZONE puts it at the
 * instant the tz data that made the page gives.
 */
function placesExactly(zone: CalendarZone, instant: string, timeZone: string): boolean {
  const local = DateTime.fromISO(instant, { zone: "utc" }).setZone(timeZone);
  if (!local.isValid || !DateTime.fromISO(instant, { zone: "utc" }).setZone(zone.tzid).isValid) return false;
  if (local.getPossibleOffsets().length > 1) return false;
  const { year, month, day, hour, minute, second } = local;
  const read = new ICAL.Time({ year, month, day, hour, minute, second }, zone.reading);
  return read.toUnixTime() === Math.floor(local.toSeconds());
}

// A build asks for each event's TZID for its own .ics and the calendar (and
// again for every rebuild); the answer depends only on the zone and instants.
// Bounded: cleared past this many entries (a few sites' worth of events).
const tzidMemo = new Map<string, string | null>();
const TZID_MEMO_LIMIT = 50_000;

/** The TZID an event's times are written in, or null for UTC (see above). */
export function eventTzid(timeZone: string, instants: readonly string[]): string | null {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return null;
  const key = `${timeZone}|${instants.join("|")}`;
  const known = tzidMemo.get(key);
  if (known !== undefined) return known;
  const zone = calendarZone(timeZone);
  const tzid = zone && instants.every((instant) => placesExactly(zone, instant, timeZone)) ? zone.tzid : null;
  if (tzidMemo.size >= TZID_MEMO_LIMIT) tzidMemo.clear();
  tzidMemo.set(key, tzid);
  return tzid;
}

const icalStatus: Record<EventStatus, ICalEventStatus> = {
  scheduled: ICalEventStatus.CONFIRMED,
  rescheduled: ICalEventStatus.CONFIRMED,
  tentative: ICalEventStatus.TENTATIVE,
  // Postponed: the new date is not settled yet.
  postponed: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
};

/** The same UID in every language, so a calendar holding two languages holds one event. */
export function eventUid(id: string): string {
  return `event-${id}@cica-events`;
}

function calendar(name: string, locale: LocaleCode): ICalCalendar {
  return ical({
    name,
    // No calendar-wide zone (a feed holds events in many), only the generator of each event's VTIMEZONE.
    timezone: { name: null, generator: vtimezoneOf },
    prodId: { company: "CICA Secretariat", product: "CICA Events", language: localeInfo(locale).bcp47.toUpperCase() },
  });
}

function description(ev: EventPage): string {
  const t = ev.chrome.t;
  return [
    ev.summary?.text,
    labelled(t.status, ev.statusLabel),
    labelled(t.date, ev.when),
    ev.hosts.length ? labelled(t.host, ev.hosts.map((h) => h.name).join(t.listSeparator)) : undefined,
    ev.languagesLine ? labelled(t.workingLanguages, ev.languagesLine) : undefined,
    ev.canonical,
  ]
    .filter(Boolean)
    .join("\n\n");
}

/** The VEVENT's fields, plain JSON (dates as ISO strings), so they can key the memo. */
/** The TZID of an event's entry (null: UTC). */
function entryTzid(ev: EventPage): string | null {
  return eventTzid(ev.timeZone, [ev.startsAt, ev.calendarEndsAt]);
}

function eventFields(ev: EventPage) {
  return {
    id: eventUid(ev.id),
    sequence: ev.revision,
    start: new Date(ev.startsAt).toISOString(),
    timezone: entryTzid(ev),
    // An event without an end gets the site's default duration (view/event.ts), never a zero-minute entry.
    end: ev.calendarEndsAt,
    // DTSTAMP from the content, not the clock, so an unchanged event gives unchanged bytes.
    stamp: new Date(ev.updatedAt).toISOString(),
    lastModified: new Date(ev.updatedAt).toISOString(),
    created: new Date(ev.createdAt).toISOString(),
    summary: ev.status === "cancelled" ? fill(ev.chrome.t.cancelledTitle, { title: ev.title.text, status: ev.statusLabel }) : ev.title.text,
    description: description(ev),
    location: ev.locationForTools || null,
    url: ev.canonical,
    status: icalStatus[ev.status],
  };
}

// ical-generator writes a Date's wall-clock time in the process's own zone
// when the event has a TZID; a luxon DateTime carries the event's zone. Immutable, so shared.
const zoned = byInstantAndZone((iso, tzid) => DateTime.fromISO(iso, { zone: "utc" }).setZone(tzid));

function icalEvent(fields: ReturnType<typeof eventFields>): ICalEventData {
  const date = (iso: string | null) => (iso ? new Date(iso) : null);
  return {
    ...fields,
    start: fields.timezone ? zoned(fields.start, fields.timezone) : new Date(fields.start),
    end: fields.timezone ? zoned(fields.end, fields.timezone) : date(fields.end),
    stamp: new Date(fields.stamp),
    lastModified: date(fields.lastModified),
    created: date(fields.created),
  };
}

/**
 * An event page's VEVENT fields and their hash, found by the page object. An unchanged event's page is
 * the same (frozen) object from one build to the next (view/index.ts pageOf), so a partial build finds
 * the keys of the blocks it already has instead of hashing the fields of every event in the calendars
 * (15,000 at 5,000 events); a page that is a new object (a changed event, a copy) is read afresh.
 */
const blockKeys = new WeakMap<EventPage, { fields: ReturnType<typeof eventFields>; key: string; tzid: string | null }>();

function blockKey(ev: EventPage) {
  let known = blockKeys.get(ev);
  if (!known) {
    const fields = eventFields(ev);
    known = { fields, key: createHash("sha1").update(JSON.stringify(fields)).digest("base64url"), tzid: fields.timezone };
    blockKeys.set(ev, known);
  }
  return known;
}

/**
 * One event's folded "BEGIN:VEVENT … END:VEVENT\r\n" text, written by
 * ical-generator in a calendar of its own. ical-generator folds a calendar line
 * by line, so a calendar's text is its header, its events' blocks and its
 * footer, each folded alone — which lets a block be made once per version of
 * an event and reused by the event's own .ics, the upcoming calendar, and the
 * next build (ical-generator spends about 1 ms per event folding; 3,000
 * events × 2 calendars made that most of a build). A test checks the
 * assembled text against ical-generator's own for whole calendars.
 */
function veventBlock(ev: EventPage, memo: Memo<string>): string {
  const { fields, key } = blockKey(ev);
  return memo.get(key, () => {
    const cal = ical();
    cal.createEvent(icalEvent(fields));
    const text = withMeasuredFolding(() => cal.toString());
    return text.slice(text.indexOf("BEGIN:VEVENT"), text.lastIndexOf("END:VCALENDAR"));
  });
}

const zoneBlocks = new Map<string, string>();
/**
 * A zone's VTIMEZONE exactly as ical-generator writes it into a calendar,
 * made once per zone: ical-generator folds every line of a calendar each time
 * it writes one, which made each .ics cost four times as much.
 */
function vtimezoneText(tzid: string): string {
  let text = zoneBlocks.get(tzid);
  if (text === undefined) {
    const cal = ical({ timezone: { name: null, generator: vtimezoneOf } });
    cal.createEvent({ start: new Date(0), timezone: tzid });
    const whole = withMeasuredFolding(() => cal.toString());
    const end = "END:VTIMEZONE\r\n";
    text = whole.slice(whole.indexOf("BEGIN:VTIMEZONE"), whole.lastIndexOf(end) + end.length);
    zoneBlocks.set(tzid, text);
  }
  return text;
}

/**
 * The calendar's own lines with the event blocks where ical-generator puts
 * events: before END:VCALENDAR; and a VTIMEZONE for each TZID the events use,
 * in their order, where ical-generator puts those: after the calendar's name
 * and description, before its refresh interval (no calendar here has a zone of
 * its own or a colour, which also come after them). A test checks the result
 * against ical-generator's own text for whole calendars.
 */
function withEvents(cal: ICalCalendar, events: readonly EventPage[], memo: Memo<string>): string {
  const blocks = events.map((ev) => veventBlock(ev, memo));
  const zones = [...new Set(events.map((ev) => blockKey(ev).tzid).filter((tzid) => tzid !== null))].map(vtimezoneText);
  const text = withMeasuredFolding(() => cal.toString());
  const end = text.lastIndexOf("END:VCALENDAR");
  const refresh = text.indexOf("\r\nREFRESH-INTERVAL");
  const zonesAt = refresh === -1 ? end : refresh + 2;
  return text.slice(0, zonesAt) + zones.join("") + text.slice(zonesAt, end) + blocks.join("") + text.slice(end);
}

export function eventIcs(ev: EventPage, memo: Memo<string>): string {
  return withEvents(calendar(ev.title.text, ev.locale), [ev], memo);
}

function subscribableCalendar(chrome: Chrome): ICalCalendar {
  const cal = calendar(fill(chrome.t.calendarName, { site: chrome.siteName }), chrome.locale);
  cal.url(new URL(chrome.calendarUrl, chrome.feedAbsolute).href);
  // Subscribed calendars refresh at most this often.
  cal.ttl(60 * 60 * 6);
  return cal;
}

/** The subscribable calendar of a locale (listings.ts chooses its events). */
export function calendarIcs(events: readonly EventPage[], chrome: Chrome, memo: Memo<string>): string {
  return withEvents(subscribableCalendar(chrome), events, memo);
}

/** ical-generator's text for the whole calendar in one piece, without the block memo: tests check the assembly against it. */
export function calendarIcsDirect(events: readonly EventPage[], chrome: Chrome): string {
  const cal = subscribableCalendar(chrome);
  for (const ev of events) cal.createEvent(icalEvent(eventFields(ev)));
  return cal.toString();
}
