import { attendanceLabels, defaultLocale, eventStatusLabels, localeInfo, type LocaleCode } from "@cica/schema";
import { yearOf } from "../dates.js";
import { fill } from "../i18n.js";
import type { Chrome } from "./chrome.js";
import { displayNames } from "./format.js";
import { listingMeta, type PageMeta } from "./seo.js";

// Search (issue 12): the search page of each locale, and what an event page tells the Pagefind
// index (its filters and result metadata). Pagefind reads those from data-pagefind-* attributes in
// the rendered pages; the build service indexes every build after it goes live (@cica/site/search).
//
// Without JavaScript there is no search, so the search page itself is the fallback the header's
// form leads to: links to the static listings by year and by country (made by the listings pages,
// issue 12 "Listings"), which is how a visitor without scripts narrows 5,000 events down.

export const searchPaths = {
  search: (locale: LocaleCode) => `/${locale}/search/`,
  /** The static listing of one year's events (the listings pages own these addresses: urls.ts on their branch). */
  year: (locale: LocaleCode, year: number) => `/${locale}/events/year/${year}/`,
  /** The static listing of one country's events, by its ISO 3166 code in lower case. */
  country: (locale: LocaleCode, code: string) => `/${locale}/events/country/${code.toLowerCase()}/`,
};

/** The facets of an event as Pagefind filters: the words a visitor sees in the page's language. */
export interface SearchFacets {
  filters: { name: SearchFilterName; value: string }[];
  /** Result metadata: the date line and the picture a result shows (Pagefind's own "image" key). */
  meta: { name: string; value: string }[];
}

export const searchFilterNames = ["year", "country", "status", "form"] as const;
export type SearchFilterName = (typeof searchFilterNames)[number];

/** The fields of an event page the facets come from. */
export interface FacetSource {
  startsAt: string;
  timeZone: string;
  countryName?: string;
  statusLabel: string;
  attendanceLabel: string;
  when: string;
  image?: { src: string; alt?: string };
}

export function searchFacets(ev: FacetSource): SearchFacets {
  const filters: SearchFacets["filters"] = [
    { name: "year", value: String(yearOf(ev.startsAt, ev.timeZone)) },
    ...(ev.countryName ? [{ name: "country" as const, value: ev.countryName }] : []),
    { name: "status", value: ev.statusLabel },
    { name: "form", value: ev.attendanceLabel },
  ];
  const meta = [
    { name: "date", value: ev.when },
    ...(ev.image
      ? [
          { name: "image", value: ev.image.src },
          { name: "image_alt", value: ev.image.alt ?? "" },
        ]
      : []),
  ];
  return { filters, meta };
}

export interface SearchPage {
  locale: LocaleCode;
  section: "search";
  chrome: Chrome;
  meta: PageMeta;
  /** Latest year first. */
  years: { year: number; url: string; count: number; label: string }[];
  /** In the locale's alphabetical order. */
  countries: { code: string; name: string; url: string; count: number; label: string }[];
  /** The filter controls (with JavaScript): each filter's name and values in the page's language, as the index holds them. */
  filters: { name: SearchFilterName; label: string; values: string[] }[];
}

/** The events a search page counts (one locale's event pages). */
export interface SearchPageEvent {
  startsAt: string;
  timeZone: string;
  country?: string;
}

export function searchPage(locale: LocaleCode, chrome: Chrome, events: readonly SearchPageEvent[], siteUrl: string): SearchPage {
  const t = chrome.t;
  const years = new Map<number, number>();
  const countries = new Map<string, number>();
  for (const ev of events) {
    const year = yearOf(ev.startsAt, ev.timeZone);
    years.set(year, (years.get(year) ?? 0) + 1);
    if (ev.country) countries.set(ev.country, (countries.get(ev.country) ?? 0) + 1);
  }
  const names = displayNames(locale, "region");
  const collator = new Intl.Collator(localeInfo(locale).intl);
  const page: SearchPage = {
    locale,
    section: "search",
    chrome,
    meta: listingMeta(
      siteUrl,
      locale,
      `${t.search} — ${chrome.siteName}`,
      t.searchIntro,
      searchPaths.search,
      searchPaths.search(defaultLocale),
    ),
    years: [...years]
      .sort(([a], [b]) => b - a)
      .map(([year, count]) => ({ year, count, url: searchPaths.year(locale, year), label: fill(t.browseCount, { label: year, count }) })),
    countries: [...countries]
      .map(([code, count]) => {
        const name = names.of(code) ?? code;
        return { code, count, name, url: searchPaths.country(locale, code), label: fill(t.browseCount, { label: name, count }) };
      })
      .sort((a, b) => collator.compare(a.name, b.name)),
    filters: [],
  };
  page.filters = [
    { name: "year", label: t.searchFilterYear, values: page.years.map((y) => String(y.year)) },
    { name: "country", label: t.searchFilterCountry, values: page.countries.map((c) => c.name) },
    { name: "status", label: t.searchFilterStatus, values: Object.values(eventStatusLabels).map((l) => l[locale]) },
    { name: "form", label: t.searchFilterForm, values: Object.values(attendanceLabels).map((l) => l[locale]) },
  ];
  return page;
}
