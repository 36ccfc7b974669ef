// Every output path is a pure function of locale and slug, so a later partial
// rebuild (issue 5) can regenerate one event's files without a full build.

export const paths = {
  home: (locale) => `/${locale}/`,
  events: (locale) => `/${locale}/events/`,
  event: (locale, slug) => `/${locale}/events/${slug}/`,
  eventIcs: (locale, slug) => `/${locale}/events/${slug}.ics`,
  calendar: (locale) => `/${locale}/calendar.ics`,
  feed: (locale) => `/${locale}/feed.xml`,
  notFound: (locale) => `/${locale}/404.html`,
  media: (filename) => `/media/${encodeURIComponent(filename)}`,
};

/** The output file for a path ending in "/" is its index.html. */
export function outputFile(urlPath) {
  return urlPath.endsWith("/") ? `${urlPath}index.html` : urlPath;
}

export function absolute(siteUrl, urlPath) {
  return new URL(urlPath, siteUrl.endsWith("/") ? siteUrl : `${siteUrl}/`).href;
}
