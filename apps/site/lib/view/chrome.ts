import { localeInfo, resolveSiteSettings, type LocaleCode, type SiteSettings } from "@cica/schema";
import { dictionaries, labelGap, type Messages } from "../i18n.js";
import { absolute, paths } from "../urls.js";
import { byLocale } from "./by-locale.js";
import { inLang, type TextInLang } from "./format.js";
import { searchPaths } from "./search.js";

// The frame around every page of a locale: wording, site name, the main-news
// banner (which depends on the build's moment), footer and navigation.

export interface Chrome {
  locale: LocaleCode;
  lang: string;
  intl: string;
  t: Messages;
  /** Between a label and its value in templates: " ", or "" after Chinese full-width "：" (i18n.ts labelGap). */
  labelGap: string;
  siteName: string;
  tagline?: string;
  banner?: { text: TextInLang | undefined; linkUrl?: string; linkLabel: string };
  /** Minutes a calendar entry lasts when the event announces no end (site settings). */
  calendarDefaultDurationMinutes: number;
  footerContacts?: string;
  footerLinks: { label: string; url: string }[];
  homeUrl: string;
  eventsUrl: string;
  /** The locale's search page, where the header's search box leads (view/search.ts). */
  searchUrl: string;
  feedUrl: string;
  calendarUrl: string;
  feedAbsolute: string;
}

export type ChromeByLocale = Record<LocaleCode, Chrome>;

export function chromeFor(settings: SiteSettings, now: Date, locale: LocaleCode, siteUrl: string): Chrome {
  const t = dictionaries()[locale];
  const s = resolveSiteSettings(settings, locale, now);
  return {
    locale,
    lang: localeInfo(locale).bcp47,
    intl: localeInfo(locale).intl,
    t,
    labelGap: labelGap(t.date),
    siteName: s.siteName,
    tagline: s.tagline,
    banner: s.banner && {
      text: inLang(s.banner.text, s.banner.lang, locale),
      linkUrl: s.banner.linkUrl,
      linkLabel: s.banner.linkLabel ?? t.moreDetails,
    },
    calendarDefaultDurationMinutes: s.calendarDefaultDurationMinutes,
    footerContacts: s.footerContacts,
    footerLinks: s.footerLinks,
    homeUrl: paths.home(locale),
    eventsUrl: paths.events(locale),
    searchUrl: searchPaths.search(locale),
    feedUrl: paths.feed(locale),
    calendarUrl: paths.calendar(locale),
    feedAbsolute: absolute(siteUrl, paths.feed(locale)),
  };
}

export function chromeByLocale(settings: SiteSettings, now: Date, siteUrl: string): ChromeByLocale {
  return byLocale((locale) => chromeFor(settings, now, locale, siteUrl));
}
