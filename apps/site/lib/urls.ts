import type { LocaleCode } from "@cica/schema";

// Every output path is a pure function of locale and slug, so a partial build
// can regenerate one event's files without a full build.

export const paths = {
  home: (locale: LocaleCode) => `/${locale}/`,
  events: (locale: LocaleCode) => `/${locale}/events/`,
  event: (locale: LocaleCode, slug: string) => `/${locale}/events/${slug}/`,
  eventIcs: (locale: LocaleCode, slug: string) => `/${locale}/events/${slug}.ics`,
  calendar: (locale: LocaleCode) => `/${locale}/calendar.ics`,
  feed: (locale: LocaleCode) => `/${locale}/feed.xml`,
  notFound: (locale: LocaleCode) => `/${locale}/404.html`,
  media: (filename: string) => `/media/${encodeURIComponent(filename)}`,
};

/** The output file for a path ending in "/" is its index.html. */
export function outputFile(urlPath: string): string {
  return urlPath.endsWith("/") ? `${urlPath}index.html` : urlPath;
}

export function absolute(siteUrl: string, urlPath: string): string {
  return new URL(urlPath, siteUrl.endsWith("/") ? siteUrl : `${siteUrl}/`).href;
}
