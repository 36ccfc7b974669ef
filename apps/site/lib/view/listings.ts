import { defaultLocale, type LocaleCode } from "@cica/schema";
import { leavesCalendarAt } from "../calendar-span.js";
import { yearOf } from "../dates.js";
import { paths } from "../urls.js";
import type { Chrome } from "./chrome.js";
import { isUpcoming, type EventPage } from "./event.js";
import { listingMeta, notFoundMeta, type PageMeta } from "./seo.js";

// The pages that list events: home (a few forthcoming and recent), the events
// index (all forthcoming, past ones by year), and the 404 page's frame.

const HOME_FORTHCOMING = 10;
const HOME_RECENT = 5;

export type Card = ReturnType<typeof card>;

/** An event as a list shows it. */
export function card(ev: EventPage) {
  return {
    url: ev.url,
    title: ev.title,
    when: ev.when,
    startsAt: ev.startsAt,
    status: ev.status,
    statusLabel: ev.status === "scheduled" ? undefined : ev.statusLabel,
    attendanceLabel: ev.attendanceLabel,
    place: ev.placeLine,
    summary: ev.summary,
  };
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Events in one order whatever order the CMS (or a partial build's merge) gave them: by start, then id. */
export function orderedEvents<E extends { id: string; startsAt: string }>(events: readonly E[]): E[] {
  return [...events].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || byId(a, b));
}

/** A locale's forthcoming events, soonest first. */
export function forthcoming(pages: readonly EventPage[], now: Date): EventPage[] {
  return pages.filter((ev) => isUpcoming(ev, now)).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
}

/** A locale's past events, latest first. */
export function past(pages: readonly EventPage[], now: Date): EventPage[] {
  return pages.filter((ev) => !isUpcoming(ev, now)).sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
}

/** A locale's subscribable calendar, by start: forthcoming events and those that ended in the last 12 months (leavesCalendarAt). */
export function calendarEvents(pages: readonly EventPage[], now: Date): EventPage[] {
  return pages
    .filter((ev) => leavesCalendarAt(ev.calendarEndsAt) > now.getTime())
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || byId(a, b));
}

/** Past events grouped by their year in their own zone, latest year first. */
export function pastByYear(pastEvents: readonly EventPage[]): { year: number; events: Card[] }[] {
  const groups: { year: number; events: Card[] }[] = [];
  for (const ev of pastEvents) {
    const year = yearOf(ev.startsAt, ev.timeZone);
    let group = groups.at(-1);
    if (group?.year !== year) groups.push((group = { year, events: [] }));
    group.events.push(card(ev));
  }
  return groups;
}

export interface HomePage {
  locale: LocaleCode;
  section: "home";
  chrome: Chrome;
  forthcoming: Card[];
  moreForthcoming: boolean;
  recent: Card[];
  meta: PageMeta;
}

export interface IndexPage {
  locale: LocaleCode;
  section: "events";
  chrome: Chrome;
  upcoming: Card[];
  pastByYear: { year: number; events: Card[] }[];
  meta: PageMeta;
}

export interface NotFoundPage {
  locale: LocaleCode;
  chrome: Chrome;
  meta: PageMeta;
}

/** The home page, events index and 404 page of one locale. */
export function listingPages(locale: LocaleCode, chrome: Chrome, pages: readonly EventPage[], siteUrl: string, now: Date) {
  const t = chrome.t;
  const upcoming = forthcoming(pages, now);
  const recent = past(pages, now);
  const home: HomePage = {
    locale,
    section: "home",
    chrome,
    forthcoming: upcoming.slice(0, HOME_FORTHCOMING).map(card),
    moreForthcoming: upcoming.length > HOME_FORTHCOMING,
    recent: recent.slice(0, HOME_RECENT).map(card),
    meta: listingMeta(
      siteUrl,
      locale,
      chrome.tagline ? `${chrome.siteName} — ${chrome.tagline}` : chrome.siteName,
      t.eventsIndexIntro,
      paths.home,
      "/",
    ),
  };
  const index: IndexPage = {
    locale,
    section: "events",
    chrome,
    upcoming: upcoming.map(card),
    pastByYear: pastByYear(recent),
    meta: listingMeta(siteUrl, locale, `${t.events} — ${chrome.siteName}`, t.eventsIndexIntro, paths.events, paths.events(defaultLocale)),
  };
  const notFound: NotFoundPage = {
    locale,
    chrome,
    meta: notFoundMeta(
      listingMeta(
        siteUrl,
        locale,
        `${t.notFoundTitle} — ${chrome.siteName}`,
        t.notFoundText,
        paths.notFound,
        paths.notFound(defaultLocale),
      ),
    ),
  };
  return { home, index, notFound, calendar: calendarEvents(pages, now) };
}
