import { createHash } from "node:crypto";
import ical, { ICalEventStatus, type ICalCalendar, type ICalEventData } from "ical-generator";
import { localeInfo, type EventStatus, type LocaleCode } from "@cica/schema";
import { fill } from "./i18n.js";
import type { Memo } from "./memo.js";
import type { Chrome } from "./view/chrome.js";
import type { EventPage } from "./view/event.js";

// RFC 5545 text comes from ical-generator. Times are written in UTC: a TZID
// needs a VTIMEZONE block, which would mean shipping a zone database; UTC is
// exact, and calendar apps show it in the reader's own zone.

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
    prodId: { company: "CICA Secretariat", product: "CICA Events", language: localeInfo(locale).bcp47.toUpperCase() },
  });
}

function description(ev: EventPage): string {
  const t = ev.chrome.t;
  return [
    ev.summary?.text,
    `${t.status} ${ev.statusLabel}`,
    `${t.date} ${ev.when}`,
    ev.hosts.length ? `${t.host} ${ev.hosts.map((h) => h.name).join("; ")}` : undefined,
    ev.languagesLine ? `${t.workingLanguages} ${ev.languagesLine}` : undefined,
    ev.canonical,
  ]
    .filter(Boolean)
    .join("\n\n");
}

/** The VEVENT's fields, plain JSON (dates as ISO strings), so they can key the memo. */
function eventFields(ev: EventPage) {
  return {
    id: eventUid(ev.id),
    sequence: ev.revision,
    start: new Date(ev.startsAt).toISOString(),
    // An event without an end gets the site's default duration (view/event.ts), never a zero-minute entry.
    end: ev.calendarEndsAt,
    // DTSTAMP from the content, not the clock, so an unchanged event gives unchanged bytes.
    stamp: new Date(ev.updatedAt).toISOString(),
    lastModified: new Date(ev.updatedAt).toISOString(),
    created: new Date(ev.createdAt).toISOString(),
    summary: ev.status === "cancelled" ? `${ev.title.text} (${ev.statusLabel})` : ev.title.text,
    description: description(ev),
    location: ev.locationForTools || null,
    url: ev.canonical,
    status: icalStatus[ev.status],
  };
}

function icalEvent(fields: ReturnType<typeof eventFields>): ICalEventData {
  const date = (iso: string | null) => (iso ? new Date(iso) : null);
  // start and stamp are always set (eventFields), so never null here.
  return {
    ...fields,
    start: new Date(fields.start),
    end: date(fields.end),
    stamp: new Date(fields.stamp),
    lastModified: date(fields.lastModified),
    created: date(fields.created),
  };
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
  const fields = eventFields(ev);
  const key = createHash("sha1").update(JSON.stringify(fields)).digest("base64url");
  return memo.get(key, () => {
    const cal = ical();
    cal.createEvent(icalEvent(fields));
    const text = cal.toString();
    return text.slice(text.indexOf("BEGIN:VEVENT"), text.lastIndexOf("END:VCALENDAR"));
  });
}

/** The calendar's own lines with the event blocks where ical-generator puts events: before END:VCALENDAR. */
function withEvents(cal: ICalCalendar, blocks: string[]): string {
  const text = cal.toString();
  const end = text.lastIndexOf("END:VCALENDAR");
  return text.slice(0, end) + blocks.join("") + text.slice(end);
}

export function eventIcs(ev: EventPage, memo: Memo<string>): string {
  return withEvents(calendar(ev.title.text, ev.locale), [veventBlock(ev, memo)]);
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
  return withEvents(
    subscribableCalendar(chrome),
    events.map((ev) => veventBlock(ev, memo)),
  );
}

/** ical-generator's text for the whole calendar in one piece, without the block memo: tests check the assembly against it. */
export function calendarIcsDirect(events: readonly EventPage[], chrome: Chrome): string {
  const cal = subscribableCalendar(chrome);
  for (const ev of events) cal.createEvent(icalEvent(eventFields(ev)));
  return cal.toString();
}
