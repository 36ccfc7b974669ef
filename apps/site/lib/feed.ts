import { escapeUTF8 } from "entities";
import { Feed } from "feed";
import { fill } from "./i18n.js";
import type { Chrome } from "./view/chrome.js";
import type { EventPage } from "./view/event.js";

const FEED_SIZE = 50;

// The feed library writes an entry's title, summary and content as
// type="html", so a reader parses them as markup: plain text goes in escaped
// ("A &amp; &lt;B&gt;" reads as "A & <B>"), and lines become paragraphs.
const paragraphs = (lines: (string | undefined)[]) =>
  lines
    .filter((line): line is string => Boolean(line))
    .map((line) => `<p>${escapeUTF8(line)}</p>`)
    .join("");

/** Atom feed of announcements, newest change first. */
export function atomFeed(events: readonly EventPage[], chrome: Chrome, siteUrl: string): string {
  const items = [...events].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt)).slice(0, FEED_SIZE);
  const home = new URL(chrome.homeUrl, siteUrl).href;
  const feed = new Feed({
    title: fill(chrome.t.feedTitle, { site: chrome.siteName }),
    description: chrome.tagline,
    id: home,
    link: home,
    language: chrome.lang,
    updated: items[0] ? new Date(items[0].updatedAt) : new Date(0),
    generator: "CICA Events",
    copyright: chrome.footerContacts ?? chrome.siteName,
    feedLinks: { atom: chrome.feedAbsolute },
  });
  for (const ev of items) {
    feed.addItem({
      title: escapeUTF8(ev.title.text),
      id: ev.canonical,
      link: ev.canonical,
      description: escapeUTF8(`${ev.when}${ev.status === "scheduled" ? "" : ` — ${ev.statusLabel}`}`),
      content: paragraphs([ev.summary?.text, ev.when, ev.statusLabel]),
      date: new Date(ev.updatedAt),
      published: new Date(ev.createdAt),
      author: ev.hosts.map((h) => ({ name: h.name, link: h.website })),
    });
  }
  return feed.atom1();
}
