import { atomFeed } from "../lib/feed.js";

// The Atom feed of announcements, one per locale.
export default class AtomFeed {
  data() {
    return {
      pagination: { data: "views.homePages", size: 1, alias: "p" },
      permalink: (data) => data.p.chrome.feedUrl,
      eleventyExcludeFromCollections: true,
    };
  }

  render({ p, views, cica }) {
    return atomFeed(views.eventsByLocale[p.locale], p.chrome, cica.siteUrl);
  }
}
