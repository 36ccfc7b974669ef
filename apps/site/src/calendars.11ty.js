import { eventIcs } from "../lib/ics.js";

// One .ics per event and locale, at a path that depends only on locale and slug.
export default class EventCalendar {
  data() {
    return {
      pagination: { data: "views.eventPages", size: 1, alias: "p" },
      permalink: (data) => data.p.icsUrl,
      eleventyExcludeFromCollections: true,
    };
  }

  render({ p }) {
    return eventIcs(p);
  }
}
