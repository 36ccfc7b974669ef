import ical, { ICalEventStatus } from "ical-generator";
import { localeInfo } from "@cica/schema";
import { fill } from "./i18n.js";

// RFC 5545 text comes from ical-generator. Times are written in UTC: a TZID
// needs a VTIMEZONE block, which would mean shipping a zone database; UTC is
// exact, and calendar apps show it in the reader's own zone.

const icalStatus = {
  scheduled: ICalEventStatus.CONFIRMED,
  rescheduled: ICalEventStatus.CONFIRMED,
  tentative: ICalEventStatus.TENTATIVE,
  // Postponed: the new date is not settled yet.
  postponed: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
};

/** The same UID in every language, so a calendar holding two languages holds one event. */
export function eventUid(id) {
  return `event-${id}@cica-events`;
}

function calendar(name, locale) {
  return ical({
    name,
    prodId: { company: "CICA Secretariat", product: "CICA Events", language: localeInfo(locale).bcp47.toUpperCase() },
  });
}

function description(ev) {
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

function addEvent(cal, ev) {
  cal.createEvent({
    id: eventUid(ev.id),
    sequence: ev.revision,
    start: new Date(ev.startsAt),
    end: ev.endsAt ? new Date(ev.endsAt) : null,
    // DTSTAMP from the content, not the clock, so an unchanged event gives unchanged bytes.
    stamp: new Date(ev.updatedAt),
    lastModified: new Date(ev.updatedAt),
    created: new Date(ev.createdAt),
    summary: ev.status === "cancelled" ? `${ev.title.text} (${ev.statusLabel})` : ev.title.text,
    description: description(ev),
    location: ev.locationForTools || null,
    url: ev.canonical,
    status: icalStatus[ev.status],
  });
}

export function eventIcs(ev) {
  const cal = calendar(ev.title.text, ev.locale);
  addEvent(cal, ev);
  return cal.toString();
}

export function upcomingIcs(events, chrome) {
  const cal = calendar(fill(chrome.t.calendarName, { site: chrome.siteName }), chrome.locale);
  cal.url(new URL(chrome.calendarUrl, chrome.feedAbsolute).href);
  // Subscribed calendars refresh at most this often.
  cal.ttl(60 * 60 * 6);
  for (const ev of events) addEvent(cal, ev);
  return cal.toString();
}
