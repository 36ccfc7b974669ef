import { locales, type BuildFailure, type Event, type LocaleCode, type Media } from "@cica/schema";
import { errorMessage } from "../errors.js";
import type { Content } from "../content.js";
import { prefetchQrSvgs } from "../qr.js";
import { absolute, paths } from "../urls.js";
import { byLocale } from "./by-locale.js";
import { chromeByLocale, type ChromeByLocale } from "./chrome.js";
import { eventModels, isUpcoming, modelContext, withMoment, type EventModel, type EventModelCaches, type EventPage } from "./event.js";
import { listingPages, orderedEvents, type HomePage, type IndexPage, type NotFoundPage } from "./listings.js";
import { searchPage, type SearchPage } from "./search.js";
import { fullAlternates, sitemapChunks, type PageMeta, type SitemapChunk } from "./seo.js";

// Turns validated content into one model per page. Templates only print these;
// each concern has its module: chrome.ts (the frame), event.ts (event pages),
// listings.ts (home, index, 404), seo.ts (meta, hreflang, sitemap), format.ts
// (Intl wording).

export { orderedEvents } from "./listings.js";
export type { EventPage } from "./event.js";
export type { HomePage, IndexPage, NotFoundPage } from "./listings.js";
export type { SearchPage } from "./search.js";

export interface RootPage {
  languages: {
    chooseLanguage: string;
    code: LocaleCode;
    lang: string;
    nativeName: string;
    href: string;
    siteName: string;
    tagline?: string;
  }[];
  meta: PageMeta;
}

export interface Views {
  chrome: ChromeByLocale | Record<string, never>;
  eventPages: readonly EventPage[];
  homePages: readonly HomePage[];
  indexPages: readonly IndexPage[];
  notFoundPages: readonly NotFoundPage[];
  /** One search page per locale (search.ts). */
  searchPages: readonly SearchPage[];
  rootPage: RootPage;
  usedMedia: readonly Media[];
  /** The sitemap's files (seo.ts sitemapChunks), listed by the index at sitemapUrl. */
  sitemapChunks: readonly SitemapChunk[];
  /** Every chunk's address, for the index (a partial build renders only some of the chunks, and the whole index). */
  sitemapIndex: readonly string[];
  sitemapUrl: string;
  /** Each locale's subscribable calendar (listings.ts calendarEvents). */
  calendarByLocale: Partial<Record<LocaleCode, EventPage[]>>;
  eventsByLocale: Partial<Record<LocaleCode, EventPage[]>>;
  /** Events whose pages could not be made (a bug on one event's data): left out, the rest of the site still builds. */
  failures: readonly BuildFailure[];
}

export interface ViewOptions {
  siteUrl: string;
  now: Date;
  caches: EventModelCaches;
}

/** The page models of one event in every locale, on their own (the draft preview). */
export async function eventPageViews(content: Content, event: Event, { siteUrl, now, caches }: ViewOptions): Promise<EventPage[]> {
  const chrome = chromeByLocale(content.settings, now, siteUrl);
  const { models } = await eventModels(event, modelContext(content, siteUrl, chrome), caches);
  return models.map((m) => withMoment(m, chrome, now));
}

/**
 * The chrome of a build: the previous build's very object when it is the same (it is, unless the settings
 * changed or the banner expired), so that unchanged event pages stay the same objects too (pageOf).
 */
function sameChrome(fresh: ChromeByLocale, moments: EventModelCaches["moments"]): ChromeByLocale {
  const key = JSON.stringify(fresh);
  if (moments.chrome?.key !== key) moments.chrome = { key, value: fresh };
  return moments.chrome.value;
}

/**
 * An event model with the build's chrome and moment. The previous build's page when neither changed:
 * a partial build then hands the listings, cards and calendars the objects they have already seen,
 * and what is derived from those (cards, their keys, calendar blocks) is found rather than made again.
 * Frozen, as it is shared between builds.
 */
function pageOf(model: EventModel, chrome: ChromeByLocale, now: Date, pages: WeakMap<EventModel, EventPage>): EventPage {
  const known = pages.get(model);
  if (known && known.chrome === chrome[model.locale] && known.upcoming === isUpcoming(model, now)) return known;
  const page = Object.freeze(withMoment(model, chrome, now));
  pages.set(model, page);
  return page;
}

export async function buildViews(content: Content, { siteUrl, now, caches }: ViewOptions): Promise<Views> {
  const chrome = sameChrome(chromeByLocale(content.settings, now, siteUrl), caches.moments);
  const ctx = modelContext(content, siteUrl, chrome);
  const usedMedia = new Map<string, Media>();
  const eventPages: EventPage[] = [];
  const eventsByLocale = byLocale((): EventPage[] => []);

  const failures: BuildFailure[] = [];
  const ordered = orderedEvents(content.events);
  // Every event page's QR code, made on a worker thread while this one makes the models (qr.ts).
  prefetchQrSvgs(
    ordered.flatMap((event) => locales.map((l) => absolute(siteUrl, paths.event(l.code, event.slug)))),
    caches.qr,
  );
  // Every event's models side by side: each runs until it waits for a QR code (made on the worker thread
  // meanwhile), so this thread never sits idle waiting for one; the results are taken in order.
  const made = await Promise.all(
    ordered.map((event) =>
      eventModels(event, ctx, caches).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
    ),
  );
  for (const [i, event] of ordered.entries()) {
    const result = made[i]!;
    if ("error" in result) {
      const { error } = result;
      failures.push({
        collection: "events",
        id: event.id,
        label: event.slug,
        errors: [`events/${event.id} · (page): ${errorMessage(error)}`],
        kept: false,
      });
      continue;
    }
    const { models, usedMedia: eventMedia } = result.value;
    for (const m of eventMedia) usedMedia.set(m.id, m);
    for (const model of models) {
      const ev = pageOf(model, chrome, now, caches.moments.pages);
      eventPages.push(ev);
      eventsByLocale[ev.locale].push(ev);
    }
  }

  const listings = byLocale((locale) => listingPages(locale, chrome[locale], eventsByLocale[locale], siteUrl, now));
  const homePages = locales.map((l) => listings[l.code].home);
  const indexPages = locales.flatMap((l) => listings[l.code].index);
  const sitemap = sitemapChunks(
    siteUrl,
    [...homePages, ...indexPages],
    eventPages.map((ev) => ({ meta: ev.meta, lastmod: ev.updatedUtc, startsAt: ev.startsAt })),
  );

  return {
    chrome,
    eventPages,
    homePages,
    indexPages,
    notFoundPages: locales.map((l) => listings[l.code].notFound),
    searchPages: locales.map((l) => searchPage(l.code, chrome[l.code], eventsByLocale[l.code], siteUrl)),
    rootPage: {
      languages: locales.map((l) => ({
        chooseLanguage: chrome[l.code].t.chooseLanguage,
        code: l.code,
        lang: l.bcp47,
        nativeName: l.nativeName,
        href: paths.home(l.code),
        siteName: chrome[l.code].siteName,
        tagline: chrome[l.code].tagline,
      })),
      meta: { canonical: absolute(siteUrl, "/"), alternates: fullAlternates(siteUrl, paths.home, "/") },
    },
    usedMedia: [...usedMedia.values()],
    sitemapChunks: sitemap,
    sitemapIndex: sitemap.map((chunk) => chunk.loc),
    sitemapUrl: absolute(siteUrl, "/sitemap.xml"),
    calendarByLocale: byLocale((locale) => listings[locale].calendar),
    eventsByLocale,
    failures,
  };
}

/** Views holding no page at all: the base that renders pick their pages into (previews). */
export const EMPTY_VIEWS: Views = {
  chrome: {},
  eventPages: [],
  homePages: [],
  indexPages: [],
  notFoundPages: [],
  searchPages: [],
  rootPage: { languages: [], meta: { alternates: [] } },
  usedMedia: [],
  sitemapChunks: [],
  sitemapIndex: [],
  sitemapUrl: "",
  calendarByLocale: {},
  eventsByLocale: {},
  failures: [],
};
