import { defaultLocale, localeInfo, locales, type LocaleCode } from "@cica/schema";
import { absolute, paths } from "../urls.js";
import { ogLocale } from "./format.js";

// What search engines and link previews read: canonical addresses, hreflang
// clusters, Open Graph, robots and the sitemap.

export interface Alternate {
  hreflang: string;
  href: string;
}

export interface LanguageSwitch {
  code: LocaleCode;
  nativeName: string;
  /** The language of the link's own text (its native name). */
  lang: string;
  /** The language the linked page's content is shown in: English where an event falls back to it. */
  hreflang: string;
  href: string;
  current: boolean;
}

export interface PageMeta {
  title?: string;
  description?: string;
  canonical?: string;
  alternates: Alternate[];
  switcher?: LanguageSwitch[];
  ogType?: "website" | "article";
  ogLocale?: string;
  ogLocaleAlternates?: string[];
  ogImage?: string;
  jsonLd?: string;
  robots?: string;
  baseHref?: string;
  /** The previous and next page of a paged listing (rel="prev"/"next"). */
  prev?: string;
  next?: string;
}

export type PathOf = (locale: LocaleCode) => string;

/** hreflang links for pages that exist, fully translated, in every locale. */
export function fullAlternates(siteUrl: string, pathOf: PathOf, xDefault: string): Alternate[] {
  return [
    ...locales.map((l) => ({ hreflang: l.bcp47, href: absolute(siteUrl, pathOf(l.code)) })),
    { hreflang: "x-default", href: absolute(siteUrl, xDefault) },
  ];
}

/**
 * hreflang links of an event: only its fully translated versions (policy in
 * the README: a page falling back to English is not claimed as a translation).
 */
export function eventAlternates(siteUrl: string, slug: string, translated: LocaleCode[]): Alternate[] {
  return [
    ...translated.map((code) => ({ hreflang: localeInfo(code).bcp47, href: absolute(siteUrl, paths.event(code, slug)) })),
    { hreflang: "x-default", href: absolute(siteUrl, paths.event(defaultLocale, slug)) },
  ];
}

/**
 * The languages an event page's content is shown in, as BCP 47 tags, its
 * title's first: a page at /zh/ whose translation is missing shows English
 * and must say so to search engines (JSON-LD, hreflang), not claim Chinese.
 */
export function contentLanguages(locale: LocaleCode, fallbacks: Readonly<Record<string, LocaleCode>>): string[] {
  const codes = new Set<LocaleCode>([fallbacks.title ?? locale, ...Object.values(fallbacks)]);
  return [...codes].map((code) => localeInfo(code).bcp47);
}

/** The one language a page is said to be in (hreflang): its title's. */
export function pageLanguage(locale: LocaleCode, fallbacks: Readonly<Record<string, LocaleCode>>): string {
  return localeInfo(fallbacks.title ?? locale).bcp47;
}

/** The language chooser; `shownIn` gives a page's content language where it is not the locale's own (event fallbacks). */
export function switcher(
  pathOf: PathOf,
  current: LocaleCode,
  shownIn: (code: LocaleCode) => string = (code) => localeInfo(code).bcp47,
): LanguageSwitch[] {
  return locales.map((l) => ({
    code: l.code,
    nativeName: l.nativeName,
    lang: l.bcp47,
    hreflang: shownIn(l.code),
    href: pathOf(l.code),
    current: l.code === current,
  }));
}

/** The meta of a page that exists in every locale (home, events index, 404). */
export function listingMeta(
  siteUrl: string,
  locale: LocaleCode,
  title: string,
  description: string,
  pathOf: PathOf,
  xDefault: string,
): PageMeta {
  return {
    title,
    description,
    canonical: absolute(siteUrl, pathOf(locale)),
    alternates: fullAlternates(siteUrl, pathOf, xDefault),
    switcher: switcher(pathOf, locale),
    ogType: "website",
    ogLocale: ogLocale(locale),
    ogLocaleAlternates: locales.filter((l) => l.code !== locale).map((l) => ogLocale(l.code)),
  };
}

/** A 404 answers for many addresses: it names no canonical and no alternates, and is not indexed. */
export function notFoundMeta(meta: PageMeta): PageMeta {
  return { ...meta, canonical: undefined, alternates: [], robots: "noindex" };
}

export interface SitemapEntry {
  loc: string;
  lastmod?: string;
  alternates: Alternate[];
}

/** The root chooser, then every page with a canonical address and its hreflang cluster. */
export function sitemapEntries(siteUrl: string, pages: { meta: PageMeta; lastmod?: string }[]): SitemapEntry[] {
  const entries: SitemapEntry[] = [{ loc: absolute(siteUrl, "/"), alternates: fullAlternates(siteUrl, paths.home, "/") }];
  for (const { meta, lastmod } of pages) {
    if (meta.canonical) entries.push({ loc: meta.canonical, lastmod, alternates: meta.alternates });
  }
  return entries;
}

/** One file of the sitemap; /sitemap.xml is the index of them all. */
export interface SitemapChunk {
  /** "pages" (the root, home and listing pages) or "events-<year>-<month>". */
  name: string;
  /** Its address on the site (/sitemaps/<name>.xml). */
  url: string;
  loc: string;
  entries: SitemapEntry[];
}

/**
 * The sitemap chunk an event's pages are listed in: its start's month (UTC), which an edit seldom changes.
 * By month rather than year: at 5,000 events over five years a year's chunk is 2.4 MB, a month's 200 KB.
 */
export function eventSitemapChunk(startsAt: string): string {
  return `events-${new Date(startsAt).toISOString().slice(0, 7)}`;
}

/**
 * The sitemap in chunks (a sitemap index and its files, sitemaps.org): the listings in one, the events by
 * the month they start in the others. A full sitemap at 5,000 events is about 10 MB, every page with its
 * hreflang cluster; one event's publish rewrites only its month's chunk (and the listings'), not all of it.
 */
export function sitemapChunks(
  siteUrl: string,
  listings: { meta: PageMeta }[],
  events: { meta: PageMeta; lastmod?: string; startsAt: string }[],
): SitemapChunk[] {
  const chunk = (name: string, entries: SitemapEntry[]): SitemapChunk => {
    const url = paths.sitemapChunk(name);
    return { name, url, loc: absolute(siteUrl, url), entries };
  };
  const byYear = new Map<string, { meta: PageMeta; lastmod?: string }[]>();
  for (const ev of events) {
    const name = eventSitemapChunk(ev.startsAt);
    let list = byYear.get(name);
    if (!list) byYear.set(name, (list = []));
    list.push(ev);
  }
  return [
    chunk("pages", sitemapEntries(siteUrl, listings)),
    ...[...byYear]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, pages]) => chunk(name, sitemapEntries(siteUrl, pages).slice(1))),
  ];
}
