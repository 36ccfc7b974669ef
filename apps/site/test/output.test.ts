import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { HtmlValidate } from "html-validate";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localeInfo, locales, localeCodes, type EventStatus, type LocaleCode } from "@cica/schema";
import { SOURCE_EVENT, sampleSnapshot } from "./fixtures/generate.js";
import { SITE_URL, buildSample, filesUnder, read } from "./support/build.js";
import { removeTempDirs } from "./support/build.js";

afterAll(removeTempDirs);

const snapshot = sampleSnapshot();
const eventsById = new Map(snapshot.events.map((e) => [e.id, e]));
// Set in beforeAll, before any test runs.
let out!: string;

beforeAll(async () => {
  const { outputDir, result } = await buildSample();
  expect(result.errors).toEqual([]);
  out = outputDir;
}, 120_000);

function jsonLd(html: string): any {
  const match = html.match(/<script type="application\/ld\+json">(.*?)<\/script>/s);
  return match?.[1] ? JSON.parse(match[1]) : undefined;
}

/** The first capture of `pattern` in `text`; fails the test when it does not match. */
function capture(text: string, pattern: RegExp): string {
  const found = text.match(pattern)?.[1];
  if (found === undefined) throw new Error(`no match for ${pattern}`);
  return found;
}

describe("pages in three languages", () => {
  it("writes home, events index, every event page and a 404 page per locale, and the language chooser", () => {
    for (const locale of localeCodes) {
      for (const file of ["index.html", "events/index.html", "404.html", "feed.xml", "calendar.ics"]) {
        expect(existsSync(path.join(out, locale, file)), `${locale}/${file}`).toBe(true);
      }
      for (const event of snapshot.events) {
        expect(existsSync(path.join(out, locale, "events", event.slug, "index.html"))).toBe(true);
        expect(existsSync(path.join(out, locale, "events", `${event.slug}.ics`))).toBe(true);
      }
    }
    for (const file of [
      "index.html",
      "sitemap.xml",
      "robots.txt",
      "favicon.ico",
      "manifest.webmanifest",
      "en/manifest.webmanifest",
      "media/cica-headquarters.svg",
      "media/programme.pdf",
    ]) {
      expect(existsSync(path.join(out, file)), file).toBe(true);
    }
  });

  it("offers every language on / and sends the visitor to their browser's choice", async () => {
    const html = await read(out, "index.html");
    for (const l of locales) expect(html).toContain(`href="/${l.code}/"`);
    // The redirect is a script file (the site's Content-Security-Policy allows no inline script).
    const script = hashedAsset(out, "choose-language.js");
    expect(html).toContain(`<script src="/${script}" defer></script>`);
    expect(await read(out, script)).toContain("navigator.languages");
  });

  it("lists forthcoming events soonest first and past events grouped by year, newest first", async () => {
    const html = await read(out, "en/events/index.html");
    const [upcoming = "", past = ""] = html.split('id="past"');
    const order = (slugs: string[], text: string) => slugs.map((s) => text.indexOf(`/en/events/${s}/`));
    const up = order(
      [
        "meeting-of-cica-senior-officials-committee",
        "conference-on-tourism-cooperation",
        "cica-seminar-on-green-and-low-carbon-city-development",
        "cica-youth-forum",
        "workshop-on-energy-security",
      ],
      upcoming,
    );
    expect(up.every((i) => i > 0)).toBe(true);
    expect([...up].sort((a, b) => a - b)).toEqual(up);
    expect(past.indexOf(">2022<")).toBeLessThan(past.indexOf(">2021<"));
    expect(past.indexOf("online-seminar-on-ict-security")).toBeLessThan(past.indexOf(">2021<"));
    expect(past.indexOf("business-council-meeting")).toBeGreaterThan(past.indexOf(">2021<"));
  });

  it("shows the main-news banner on the home page while it is enabled and unexpired", async () => {
    expect(await read(out, "en/index.html")).toContain("Inauguration of the new CICA Headquarters in Astana");
    expect(await read(out, "zh/index.html")).toContain("亚信新总部大楼在阿斯塔纳落成启用");
    const expired = sampleSnapshot();
    expired.settings.banner = { ...expired.settings.banner, expiresAt: "2022-09-30T00:00:00.000Z" };
    const { outputDir } = await buildSample({ snapshot: expired });
    expect(await read(outputDir, "en/index.html")).not.toContain("Main news:");
  }, 60_000);
});

describe("quality bars", () => {
  it("passes html-validate on every page", async () => {
    const validator = new HtmlValidate({
      extends: ["html-validate:recommended"],
      rules: {
        // An event's official name is often longer than 70 characters; the title is that name.
        "long-title": "off",
        // Phone numbers keep the editor's hyphens (copyable as typed) and are kept on one line by CSS.
        "tel-non-breaking": ["error", { ignoreClasses: ["tel"] }],
      },
    });
    const problems = [];
    for (const file of await filesUnder(out, ".html")) {
      const report = await validator.validateFile(file);
      for (const r of report.results)
        for (const m of r.messages) problems.push(`${path.relative(out, file)}:${m.line}:${m.column} ${m.ruleId} ${m.message}`);
    }
    expect(problems).toEqual([]);
  });

  it("keeps the CSS under 20 KB and an event page with its CSS under 50 KB", async () => {
    const css = statSync(path.join(out, hashedAsset(out, "site.css"))).size + statSync(path.join(out, hashedAsset(out, "print.css"))).size;
    expect(css).toBeLessThanOrEqual(20 * 1024);
    for (const locale of localeCodes) {
      for (const event of snapshot.events) {
        const html = statSync(path.join(out, locale, "events", event.slug, "index.html")).size;
        expect(html + css, `${locale}/${event.slug}`).toBeLessThanOrEqual(50 * 1024);
      }
    }
  });

  it("has a print stylesheet", async () => {
    const html = await read(out, "en/index.html");
    const print = hashedAsset(out, "print.css");
    expect(html).toContain(`<link rel="stylesheet" href="/${print}" media="print">`);
    expect(await read(out, print)).toMatch(/\.site-header[^{]*\{[^}]*display: none/);
  });
});

describe("calendars", () => {
  it("every .ics parses, with the CMS instant as its start, a stable UID, SEQUENCE and STATUS", async () => {
    const files = (await filesUnder(out, ".ics")).filter((f) => f.includes(`${path.sep}events${path.sep}`));
    expect(files.length).toBe(snapshot.events.length * localeCodes.length);
    const uids = new Map<string, string>();
    for (const file of files) {
      const locale = path.relative(out, file).split(path.sep)[0] as LocaleCode; // the build writes every event under its locale's folder
      const cal = new ICAL.Component(ICAL.parse(await read(out, path.relative(out, file))));
      const vevents = cal.getAllSubcomponents("vevent");
      expect(vevents).toHaveLength(1);
      const vevent = vevents[0]!; // just checked: exactly one
      const ev = new ICAL.Event(vevent);
      const source = [...eventsById.values()].find((e) => file.endsWith(`${e.slug}.ics`));
      if (!source) throw new Error(`${file} is no event's calendar`);
      const id = source.id;
      expect(ev.startDate.toJSDate().toISOString()).toBe(new Date(source.startsAt).toISOString());
      if (source.endsAt) expect(ev.endDate.toJSDate().toISOString()).toBe(new Date(source.endsAt).toISOString());
      expect(vevent.getFirstPropertyValue("sequence")).toBe(source.revision);
      const statuses: Record<EventStatus, string> = {
        scheduled: "CONFIRMED",
        rescheduled: "CONFIRMED",
        tentative: "TENTATIVE",
        postponed: "TENTATIVE",
        cancelled: "CANCELLED",
      };
      expect(vevent.getFirstPropertyValue("status")).toBe(statuses[source.status]);
      expect(vevent.getFirstPropertyValue("url")).toBe(`${SITE_URL}/${locale}/events/${source.slug}/`);
      const title = source.title[locale] || source.title.en;
      expect(ev.summary.startsWith(title)).toBe(true);
      if (uids.has(id)) expect(ev.uid).toBe(uids.get(id));
      uids.set(id, ev.uid);
    }
    expect(new Set(uids.values()).size).toBe(snapshot.events.length);
  });

  it("puts the seminar's place and localised description in its .ics", async () => {
    const text = await read(out, `ru/events/${SOURCE_EVENT.slug}.ics`);
    const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent("vevent");
    if (!vevent) throw new Error("the .ics has no VEVENT");
    expect(vevent.getFirstPropertyValue("summary")).toBe(SOURCE_EVENT.title.ru);
    expect(vevent.getFirstPropertyValue("description")).toContain("31 октября 2022 г., 13:00 (по пекинскому времени, GMT+8)");
    expect(vevent.getFirstPropertyValue("location")).toBeTruthy();
  });

  it("the subscribable calendar holds the forthcoming events and those of the last 12 months", async () => {
    const cal = new ICAL.Component(ICAL.parse(await read(out, "en/calendar.ics")));
    const ends = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v).endDate.toJSDate().getTime());
    expect(ends.some((t) => t < Date.parse("2022-10-01T00:00:00Z"))).toBe(true);
    expect(ends.every((t) => t >= Date.parse("2021-10-01T00:00:00Z"))).toBe(true);
  });

  it("links each event page to Google Calendar with the UTC times", async () => {
    const html = await read(out, `en/events/${SOURCE_EVENT.slug}/index.html`);
    const href = capture(html, /href="(https:\/\/calendar\.google\.com[^"]+)"/).replace(/&amp;/g, "&");
    const url = new URL(href);
    // The seminar announces no end: the link lasts the settings' default duration (limits.calendarDurationMinutes.default, 60).
    expect(url.searchParams.get("dates")).toBe("20221031T050000Z/20221031T060000Z");
    expect(url.searchParams.get("text")).toBe(SOURCE_EVENT.title.en);
  });
});

describe("feeds, sitemap and structured data", () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" });

  it("each locale's Atom feed parses and lists its events in that language", async () => {
    for (const locale of localeCodes) {
      const feed = parser.parse(await read(out, `${locale}/feed.xml`)).feed;
      expect(feed.id).toBe(`${SITE_URL}/${locale}/`);
      const entries = [feed.entry].flat();
      expect(entries).toHaveLength(snapshot.events.length);
      const seminar = entries.find((e) => e.id === `${SITE_URL}/${locale}/events/${SOURCE_EVENT.slug}/`);
      expect(seminar.title["#text"] ?? seminar.title).toBe(SOURCE_EVENT.title[locale]);
    }
  });

  it("the sitemap (an index of chunks: the listings, then the events by month) lists every page with hreflang alternates", async () => {
    const chunks = [parser.parse(await read(out, "sitemap.xml")).sitemapindex.sitemap].flat().map((s) => s.loc as string);
    expect(chunks[0]).toBe(`${SITE_URL}/sitemaps/pages.xml`);
    const months = new Set(snapshot.events.map((e) => new Date(e.startsAt).toISOString().slice(0, 7)));
    expect(chunks.slice(1)).toEqual([...months].sort().map((m) => `${SITE_URL}/sitemaps/events-${m}.xml`));
    const urls: any[] = [];
    for (const chunk of chunks) urls.push(...[parser.parse(await read(out, chunk.slice(SITE_URL.length + 1))).urlset.url].flat());
    const locs = urls.map((u) => u.loc);
    expect(locs).toContain(`${SITE_URL}/zh/events/${SOURCE_EVENT.slug}/`);
    // The root, the home pages, the listings (index, years, countries) and the event pages.
    const listings = (await filesUnder(out, ".html")).filter((f) =>
      /\/[a-z]{2}\/events\/(index\.html|page\/|year\/|country\/)/.test(f.slice(out.length)),
    );
    expect(locs.length).toBe(1 + localeCodes.length + listings.length + snapshot.events.length * localeCodes.length);
    const seminar = urls.find((u) => u.loc === `${SITE_URL}/en/events/${SOURCE_EVENT.slug}/`);
    expect(seminar["xhtml:link"].map((l: any) => l["@hreflang"]).sort()).toEqual(["en", "ru", "x-default", "zh-Hans"]);
    expect(await read(out, "robots.txt")).toContain(`Sitemap: ${SITE_URL}/sitemap.xml`);
  });

  it("every event page has schema.org Event JSON-LD with Google's required fields", async () => {
    for (const locale of localeCodes) {
      for (const source of snapshot.events) {
        const data = jsonLd(await read(out, `${locale}/events/${source.slug}/index.html`));
        expect(data["@type"]).toBe("Event");
        expect(data.name).toBe(source.title[locale] || source.title.en);
        expect(data.startDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
        expect(Date.parse(data.startDate)).toBe(Date.parse(source.startsAt));
        expect(data.eventStatus).toMatch(/^https:\/\/schema\.org\/Event(Scheduled|Postponed|Rescheduled|Cancelled)$/);
        expect(data.eventAttendanceMode).toMatch(/^https:\/\/schema\.org\/(Online|Offline|Mixed)EventAttendanceMode$/);
        const places = [data.location].flat();
        for (const place of places) {
          if (place["@type"] === "VirtualLocation") expect(place.url).toMatch(/^https?:\/\//);
          else expect(place).toMatchObject({ "@type": "Place", address: { "@type": "PostalAddress", addressCountry: source.country } });
        }
        expect(data.organizer.length).toBeGreaterThan(0);
        // The page's language, or English where the translation is missing (calendars-feeds.test.ts covers mixed pages).
        expect(data.inLanguage).toBe(localeInfo(source.title[locale] ? locale : "en").bcp47);
        if (source.status === "postponed" || source.status === "rescheduled") {
          expect(Date.parse(data.previousStartDate)).toBe(Date.parse(source.previousStartsAt ?? ""));
        }
      }
    }
  });

  it("has Open Graph tags, a canonical URL from SITE_URL and hreflang alternates with x-default", async () => {
    const html = await read(out, `ru/events/${SOURCE_EVENT.slug}/index.html`);
    expect(html).toContain(`<link rel="canonical" href="${SITE_URL}/ru/events/${SOURCE_EVENT.slug}/">`);
    expect(html).toContain(`<meta property="og:title" content="${SOURCE_EVENT.title.ru}`);
    expect(html).toContain('<meta property="og:locale" content="ru_RU">');
    expect(html).toContain(`<link rel="alternate" hreflang="x-default" href="${SITE_URL}/en/events/${SOURCE_EVENT.slug}/">`);
    expect(html).toContain(`<link rel="alternate" hreflang="zh-Hans" href="${SITE_URL}/zh/events/${SOURCE_EVENT.slug}/">`);
  });
});

describe("missing translations", () => {
  const slug = "expert-meeting-on-countering-illicit-drug-trafficking";

  it("shows the English text marked lang=en with a notice in the page's language", async () => {
    const ru = await read(out, `ru/events/${slug}/index.html`);
    expect(ru).toContain('<html lang="ru">');
    expect(ru).toContain('<h1 lang="en">Expert meeting on countering illicit drug trafficking</h1>');
    expect(ru).toContain("ещё не переведена на русский язык");
    const zh = await read(out, `zh/events/${slug}/index.html`);
    expect(zh).toContain("本页部分内容尚未译成中文");
  });

  it("does not claim the untranslated pages in hreflang or the sitemap", async () => {
    const en = await read(out, `en/events/${slug}/index.html`);
    expect(en).toContain('hreflang="en"');
    expect(en).not.toMatch(/<link rel="alternate" hreflang="(ru|zh-Hans)"/);
    const ru = await read(out, `ru/events/${slug}/index.html`);
    expect(ru).not.toContain('<link rel="alternate" hreflang');
    const sitemap = await read(
      out,
      `sitemaps/events-${new Date(snapshot.events.find((e) => e.slug === slug)!.startsAt).toISOString().slice(0, 7)}.xml`,
    );
    expect(sitemap).not.toContain(`hreflang="ru" href="${SITE_URL}/ru/events/${slug}/"`);
  });
});

describe("event page details", () => {
  it("marks statuses in words and shows the original date of a postponed event", async () => {
    const html = await read(out, "en/events/workshop-on-energy-security/index.html");
    expect(html).toContain("Please note: postponed.");
    expect(html).toContain("Originally scheduled for:");
    expect(html).toContain("20 October 2022, 10:00 (Tashkent time, GMT+5)");
    expect(await read(out, "ru/events/conference-on-tourism-cooperation/index.html")).toContain("Обратите внимание: отменено.");
  });

  it("writes times as <time datetime> in UTC and the wall-clock time with zone and offset", async () => {
    const zh = await read(out, `zh/events/${SOURCE_EVENT.slug}/index.html`);
    expect(zh).toContain('<time datetime="2022-10-31T05:00:00.000Z" data-local-time');
    expect(zh).toContain("2022年10月31日 13:00（北京时间，GMT+8）");
  });

  it("shows the image, documents, registration and the share tools", async () => {
    const html = await read(out, "en/events/meeting-of-cica-senior-officials-committee/index.html");
    expect(html).toContain('<img src="/media/cica-headquarters.svg" alt="The CICA Headquarters building in Astana"');
    expect(html).toContain('href="/media/programme.pdf"');
    expect(html).toContain('href="https://www.s-cica.org/registration"');
    expect(html).toContain('<div role="img" aria-label="QR code of the address of this page"><svg');
    expect(html).toContain("mailto:?subject=Meeting%20of%20CICA%20Senior%20Officials%20Committee");
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
  });
});

/** `site.css` → `assets/site.<hash>.css`, the one file of that name the build wrote (plugins/hashed-assets.ts). */
function hashedAsset(out: string, name: string): string {
  const ext = path.extname(name);
  const pattern = new RegExp(`^${name.slice(0, -ext.length)}\\.[0-9a-f]{10}\\${ext}$`);
  const found = readdirSync(path.join(out, "assets")).filter((file) => pattern.test(file));
  expect(found, name).toHaveLength(1);
  return `assets/${found[0]}`;
}
