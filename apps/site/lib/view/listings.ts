import { defaultLocale, type LocaleCode } from "@cica/schema";
import { leavesCalendarAt } from "../calendar-span.js";
import { yearOf } from "../dates.js";
import { fill } from "../i18n.js";
import { paths } from "../urls.js";
import type { Chrome } from "./chrome.js";
import { FEATURED_CARD_SIZES } from "./image.js";
import { isUpcoming, type EventPage } from "./event.js";
import { listingMeta, notFoundMeta, type PageMeta } from "./seo.js";

// The pages that list events: home (the next event featured, a few more
// forthcoming and recent), the events index paged at PAGE_SIZE with its pages
// by year and by country (paged too), and the 404 page's frame. Every listing
// exists in every locale at the same address (each event has a page in each),
// so their hreflang clusters are full.

const HOME_FORTHCOMING = 10;
const HOME_RECENT = 5;
/** Events per listing page: 50 cards keep a page under 60 KB of HTML (test/listings.test.ts). */
export const PAGE_SIZE = 50;

export type Card = ReturnType<typeof card>;

/** Cards by their (frozen, immutable) event page: a card depends on nothing else. */
const cards = new WeakMap<EventPage, Card>();

/** An event as a list shows it. */
export function card(ev: EventPage) {
  return {
    url: ev.url,
    title: ev.title,
    when: ev.when,
    startsAt: ev.startsAt,
    badge: ev.badge,
    status: ev.status,
    statusLabel: ev.status === "scheduled" ? undefined : ev.statusLabel,
    attendanceLabel: ev.attendanceLabel,
    place: ev.placeLine,
    summary: ev.summary,
    /** Decorative in a card (the title beside it says what it is), so printed with alt="". */
    image: ev.image?.cardImg,
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
export function pastByYear(pastEvents: readonly EventPage[], toCard: (ev: EventPage) => Card = card): { year: number; events: Card[] }[] {
  const groups: { year: number; events: Card[] }[] = [];
  for (const ev of pastEvents) {
    const year = yearOf(ev.startsAt, ev.timeZone);
    let group = groups.at(-1);
    if (group?.year !== year) groups.push((group = { year, events: [] }));
    group.events.push(toCard(ev));
  }
  return groups;
}

/** Page numbers to link, with null where a run is left out: the first, the last, and the current page with two either side. */
export function pageWindow(current: number, total: number): (number | null)[] {
  const shown = [...new Set([1, current - 2, current - 1, current, current + 1, current + 2, total])]
    .filter((n) => n >= 1 && n <= total)
    .sort((a, b) => a - b);
  return shown.flatMap((n, i) => (i > 0 && n - (shown[i - 1] ?? n) > 1 ? [null, n] : [n]));
}

export interface Pagination {
  label: string;
  status: string;
  previous?: string;
  next?: string;
  /** null where page numbers are left out (an ellipsis). */
  pages: ({ number: number; href: string; current: boolean } | null)[];
}

export interface FilterLink {
  label: string;
  href: string;
  current: boolean;
}

/** The links from every listing page to the others: all events, each year, each country. */
export interface Filters {
  all: { href: string; current: boolean };
  years: FilterLink[];
  countries: FilterLink[];
}

export interface HomePage {
  locale: LocaleCode;
  section: "home";
  chrome: Chrome;
  /** The next forthcoming event, shown large. */
  featured?: Card;
  forthcoming: Card[];
  moreForthcoming: boolean;
  recent: Card[];
  meta: PageMeta;
}

/** One page of the events index, or of its year or country listings. */
export interface IndexPage {
  locale: LocaleCode;
  section: "events";
  chrome: Chrome;
  /** Its address ("/en/events/page/2/"). */
  url: string;
  heading: string;
  /** Forthcoming events on this page; undefined when the page has no such section. */
  upcoming?: Card[];
  /** Past events on this page by year (no year where the whole listing is one year); undefined when none. */
  past?: { year?: number; events: Card[] }[];
  filters: Filters;
  pagination?: Pagination;
  meta: PageMeta;
}

export interface NotFoundPage {
  locale: LocaleCode;
  chrome: Chrome;
  meta: PageMeta;
}

/** One listing before paging: its events in order (forthcoming soonest first, then past latest first). */
interface Listing {
  kind: "all" | "year" | "country";
  /** The first page's address in a locale. */
  first: (locale: LocaleCode) => string;
  heading: string;
  /** Its name among the filter links: the year, or the country's name. */
  label: string;
  upcoming: EventPage[];
  past: EventPage[];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length ? out : [[]];
}

/** The pages of one listing. */
function listingPagesOf(listing: Listing, { locale, chrome, siteUrl, filtersFor, toCard }: ListingContext): IndexPage[] {
  const t = chrome.t;
  const all = [...listing.upcoming, ...listing.past];
  const pages = chunks(all, PAGE_SIZE);
  const first = listing.first;
  return pages.map((events, i) => {
    const number = i + 1;
    const pathOf = (l: LocaleCode) => paths.listingPage(first(l), number);
    const url = pathOf(locale);
    const upcoming = events.filter((ev) => ev.upcoming);
    const past = events.filter((ev) => !ev.upcoming);
    const isIndex = listing.kind === "all";
    const title = number === 1 ? listing.heading : fill(t.pageTitle, { title: listing.heading, page: number });
    const href = (n: number) => paths.listingPage(first(locale), n);
    const pagination: Pagination | undefined =
      pages.length > 1
        ? {
            label: t.pagination,
            status: fill(t.pageOf, { page: number, pages: pages.length }),
            previous: number > 1 ? href(number - 1) : undefined,
            next: number < pages.length ? href(number + 1) : undefined,
            pages: pageWindow(number, pages.length).map((n) => (n === null ? null : { number: n, href: href(n), current: n === number })),
          }
        : undefined;
    const meta = listingMeta(siteUrl, locale, `${title} — ${chrome.siteName}`, t.eventsIndexIntro, pathOf, pathOf(defaultLocale));
    return {
      locale,
      section: "events",
      chrome,
      url,
      heading: title,
      // The index's first page always says whether anything is forthcoming; other pages show what they hold.
      upcoming: upcoming.length || (isIndex && number === 1) ? upcoming.map(toCard) : undefined,
      past: past.length
        ? listing.kind === "year"
          ? [{ events: past.map(toCard) }]
          : pastByYear(past, toCard)
        : isIndex && number === pages.length && !listing.past.length
          ? []
          : undefined,
      filters: filtersFor(url),
      pagination,
      meta: { ...meta, prev: pagination?.previous, next: pagination?.next },
    };
  });
}

interface ListingContext {
  locale: LocaleCode;
  chrome: Chrome;
  siteUrl: string;
  filtersFor: (url: string) => Filters;
  toCard: (ev: EventPage) => Card;
}

/** The events index, then one listing per year (latest first) and per country (by name in the locale's order). */
function listings(chrome: Chrome, upcoming: EventPage[], recent: EventPage[]): { index: Listing; years: Listing[]; countries: Listing[] } {
  const t = chrome.t;
  const byYear = new Map<number, Listing>();
  const byCountry = new Map<string, Listing>();
  const add = (ev: EventPage, when: "upcoming" | "past") => {
    const year = yearOf(ev.startsAt, ev.timeZone);
    let y = byYear.get(year);
    if (!y) {
      const heading = fill(t.eventsInYear, { year });
      byYear.set(
        year,
        (y = { kind: "year", first: (l) => paths.eventsInYear(l, year), heading, label: String(year), upcoming: [], past: [] }),
      );
    }
    y[when].push(ev);
    const country = ev.country;
    if (!country) return;
    let c = byCountry.get(country);
    if (!c) {
      const label = ev.countryName ?? country;
      const heading = fill(t.eventsInCountry, { country: label });
      byCountry.set(
        country,
        (c = { kind: "country", first: (l) => paths.eventsInCountry(l, country), heading, label, upcoming: [], past: [] }),
      );
    }
    c[when].push(ev);
  };
  for (const ev of upcoming) add(ev, "upcoming");
  for (const ev of recent) add(ev, "past");
  const collator = new Intl.Collator(chrome.intl);
  return {
    index: { kind: "all", first: paths.events, heading: t.events, label: t.allEvents, upcoming, past: recent },
    years: [...byYear].sort(([a], [b]) => b - a).map(([, l]) => l),
    countries: [...byCountry.values()].sort((a, b) => collator.compare(a.label, b.label)),
  };
}

/** The home page, the events listings and the 404 page of one locale. */
export function listingPages(locale: LocaleCode, chrome: Chrome, pages: readonly EventPage[], siteUrl: string, now: Date) {
  const t = chrome.t;
  const upcoming = forthcoming(pages, now);
  const recent = past(pages, now);
  // One card per event page, shared by the index, its year and its country listings, and by the next
  // build while the page is the same object (view/index.ts pageOf).
  // The featured card's picture is the home page's first and largest: fetched at once, like an event page's.
  // Its picture is also shown much wider than a list card's, hence its own `sizes`.
  const featuredCard = (c: Card): Card =>
    c.image ? { ...c, image: { ...c.image, loading: "eager", fetchpriority: "high", sizes: FEATURED_CARD_SIZES } } : c;
  const toCard = (ev: EventPage) => {
    let c = cards.get(ev);
    if (!c) cards.set(ev, (c = card(ev)));
    return c;
  };
  const { index: everything, years, countries } = listings(chrome, upcoming, recent);
  const link = (l: Listing, url: string): FilterLink => {
    const href = l.first(locale);
    return { label: l.label, href, current: url === href || url.startsWith(`${href}page/`) };
  };
  const filtersFor = (url: string): Filters => {
    const { href, current } = link(everything, url);
    return { all: { href, current }, years: years.map((l) => link(l, url)), countries: countries.map((l) => link(l, url)) };
  };
  const context: ListingContext = { locale, chrome, siteUrl, filtersFor, toCard };
  const index = [everything, ...years, ...countries].flatMap((l) => listingPagesOf(l, context));
  const [next, ...later] = upcoming;
  const home: HomePage = {
    locale,
    section: "home",
    chrome,
    featured: next && featuredCard(toCard(next)),
    forthcoming: later.slice(0, HOME_FORTHCOMING - 1).map(toCard),
    moreForthcoming: upcoming.length > HOME_FORTHCOMING,
    recent: recent.slice(0, HOME_RECENT).map(toCard),
    meta: listingMeta(
      siteUrl,
      locale,
      chrome.tagline ? `${chrome.siteName} — ${chrome.tagline}` : chrome.siteName,
      t.eventsIndexIntro,
      paths.home,
      "/",
    ),
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
