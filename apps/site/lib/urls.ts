import type { LocaleCode } from "@cica/schema";

// Every output path is a pure function of locale and slug, so a partial build
// can regenerate one event's files without a full build.

export const paths = {
  home: (locale: LocaleCode) => `/${locale}/`,
  events: (locale: LocaleCode) => `/${locale}/events/`,
  /** Page `page` (from 1) of a listing whose first page is at `first`. */
  listingPage: (first: string, page: number) => (page <= 1 ? first : `${first}page/${page}/`),
  eventsInYear: (locale: LocaleCode, year: number) => `/${locale}/events/year/${year}/`,
  eventsInCountry: (locale: LocaleCode, country: string) => `/${locale}/events/country/${country.toLowerCase()}/`,
  event: (locale: LocaleCode, slug: string) => `/${locale}/events/${slug}/`,
  eventIcs: (locale: LocaleCode, slug: string) => `/${locale}/events/${slug}.ics`,
  calendar: (locale: LocaleCode) => `/${locale}/calendar.ics`,
  feed: (locale: LocaleCode) => `/${locale}/feed.xml`,
  notFound: (locale: LocaleCode) => `/${locale}/404.html`,
  media: (filename: string) => `/media/${encodeURIComponent(filename)}`,
  /** One file of the sitemap (view/seo.ts sitemapChunks); /sitemap.xml is their index. */
  sitemapChunk: (name: string) => `/sitemaps/${name}.xml`,
};

/**
 * The pages of the events index after the first, and the year and country listings with their pages
 * (`en/events/page/2/index.html`, `en/events/year/2026/index.html`, `en/events/country/kz/page/3/index.html`).
 * An event page is never one of them: its file is `{locale}/events/{slug}/index.html`, one level higher.
 */
export const LISTING_FILE = /^[a-z]{2}\/events\/(?:page\/\d+|(?:year\/\d+|country\/[a-z]{2})(?:\/page\/\d+)?)\/index\.html$/;

/** The output file for a path ending in "/" is its index.html. */
export function outputFile(urlPath: string): string {
  return urlPath.endsWith("/") ? `${urlPath}index.html` : urlPath;
}

export function absolute(siteUrl: string, urlPath: string): string {
  return new URL(urlPath, siteUrl.endsWith("/") ? siteUrl : `${siteUrl}/`).href;
}
