import { upcomingIcs } from "../lib/ics.js";

// The subscribable calendar of forthcoming events, one per locale.
export default class UpcomingCalendar {
  data() {
    return {
      pagination: { data: "views.homePages", size: 1, alias: "p" },
      permalink: (data) => data.p.chrome.calendarUrl,
      eleventyExcludeFromCollections: true,
    };
  }

  render({ p, views }) {
    return upcomingIcs(views.upcomingByLocale[p.locale], p.chrome);
  }
}
