import { atomFeed } from "./feed.js";
import { calendarIcs, eventIcs } from "./ics.js";
import { webManifest } from "./manifest.js";
import type { BuildData } from "./data.js";
import type { HomePage, Views } from "./view/index.js";
import type { EventPage } from "./view/event.js";

// The pages that are not HTML (feeds and calendars), as Eleventy JavaScript
// templates registered from the configuration (virtual templates): typed,
// and run in whatever process runs the build, with no template file to import.

interface TemplateData<P> {
  p: P;
  views: Views;
  cica: BuildData;
  /** Asset name → hashed URL (plugins/hashed-assets.ts). */
  assets: Record<string, string>;
}

/** The data and render function of an 11ty.js template paginating over one list of page models, one file each. */
function paginated<P>(list: string, permalink: (p: P) => string, render: (data: TemplateData<P>) => string) {
  return {
    data: () => ({
      pagination: { data: list, size: 1, alias: "p" },
      permalink: (data: TemplateData<P>) => permalink(data.p),
      eleventyExcludeFromCollections: true,
    }),
    render,
  };
}

/** One event's .ics in one locale, at a path that depends only on locale and slug. */
function eventCalendar(p: EventPage, cica: BuildData): string {
  return eventIcs(p, cica.caches.vevents);
}

/**
 * The events' .ics files, made outside Eleventy: one per event page (3,000 at 1,000 events), each a
 * memoised text, for which Eleventy's per-page work (data cascade, permalink, pagination) cost as
 * much as a whole page. The full build writes them beside Eleventy's output; renders to memory
 * (partial builds, previews) add them to Eleventy's results.
 */
export function eventCalendarFiles(views: Views, cica: BuildData): { url: string; file: string; content: string }[] {
  return views.eventPages.map((p) => ({ url: p.icsUrl, file: p.icsUrl.slice(1), content: eventCalendar(p, cica) }));
}

/** The same as an Eleventy template: for the Eleventy CLI, and the test that checks the files above are what it renders. */
export const eventCalendarsTemplate = {
  "calendars.11ty.js": paginated<EventPage>(
    "views.eventPages",
    (p) => p.icsUrl,
    ({ p, cica }) => eventCalendar(p, cica),
  ),
};

/** Virtual path (for Eleventy's data cascade and logs) → template. */
export const jsTemplates = {
  // The subscribable calendar (forthcoming events and the last 12 months), one per locale.
  "calendar-upcoming.11ty.js": paginated<HomePage>(
    "views.homePages",
    (p) => p.chrome.calendarUrl,
    ({ p, views, cica }) => calendarIcs(views.calendarByLocale[p.locale] ?? [], p.chrome, cica.caches.vevents),
  ),
  // The Atom feed of announcements, one per locale.
  "feeds.11ty.js": paginated<HomePage>(
    "views.homePages",
    (p) => p.chrome.feedUrl,
    ({ p, views, cica }) => atomFeed(views.eventsByLocale[p.locale] ?? [], p.chrome, cica.siteUrl),
  ),
  // The web app manifest, one per locale.
  "manifests.11ty.js": paginated<HomePage>(
    "views.homePages",
    (p) => `/${p.locale}/manifest.webmanifest`,
    ({ p, assets }) => webManifest(p.chrome, assets),
  ),
  // The language chooser's (the site's root) manifest: the default locale's.
  "manifest-root.11ty.js": {
    data: () => ({ permalink: "/manifest.webmanifest", eleventyExcludeFromCollections: true }),
    render: ({ views, assets }: TemplateData<unknown>) => (views.homePages[0] ? webManifest(views.homePages[0].chrome, assets) : "{}"),
  },
};
