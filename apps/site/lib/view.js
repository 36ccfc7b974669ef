import {
  attendanceLabels,
  defaultLocale,
  eventStatusLabels,
  interpretationLabels,
  localeInfo,
  locales,
  phoneHref,
  resolveEvent,
  resolveMedia,
  resolveOrganization,
  resolveSiteSettings,
  themeLabels,
} from "@cica/schema";
import { createHash } from "node:crypto";
import { dictionaries, fill } from "./i18n.js";
import { formatDate, whenLine, yearOf } from "./dates.js";
import { eventJsonLd } from "./jsonld.js";
import { googleCalendarUrl, mailtoUrl } from "./links.js";
import { viewMemo } from "./memo.js";
import { qrSvg } from "./qr.js";
import { absolute, paths } from "./urls.js";

// Turns validated content into one model per page. Templates only lay these
// out; every decision about wording, dates, languages and links is made here,
// where it can be tested without rendering.

const HOME_FORTHCOMING = 10;
const HOME_RECENT = 5;

// Intl objects are slow to make (a profile of 3,000 event pages put these two
// among the top costs); one per locale and kind is enough.
const intlCache = new Map();
function cachedIntl(key, make) {
  let value = intlCache.get(key);
  if (value === undefined) intlCache.set(key, (value = make()));
  return value;
}

/** "en_GB" from "en-GB", "zh_CN" from "zh-Hans-CN": Open Graph's locale form. */
function ogLocale(locale) {
  return cachedIntl(`og|${locale}`, () => {
    const tag = new Intl.Locale(localeInfo(locale).intl).maximize();
    return `${tag.language}_${tag.region}`;
  });
}

/** The page's own language stays unmarked; text shown in another gets its lang. */
function inLang(text, lang, pageLocale) {
  return text === undefined ? undefined : { text, lang: lang === pageLocale ? "" : localeInfo(lang).bcp47 };
}

function displayNames(locale, type) {
  return cachedIntl(`names|${locale}|${type}`, () => new Intl.DisplayNames(localeInfo(locale).intl, { type }));
}

function capitalise(text, locale) {
  return text.charAt(0).toLocaleUpperCase(localeInfo(locale).intl) + text.slice(1);
}

/** "Simultaneous interpretation in Chinese, English and Russian" and its ru/zh forms. */
function languagesLine(event, locale, t) {
  if (!event.workingLanguages.length) return undefined;
  const intl = localeInfo(locale).intl;
  const names = displayNames(locale, "language");
  const list = cachedIntl(`list|${intl}`, () => new Intl.ListFormat(intl, { type: "conjunction" })).format(event.workingLanguages.map((code) => names.of(code) ?? code));
  if (!event.interpretation || event.interpretation === "none") {
    const line = capitalise(list, locale);
    return event.interpretation === "none" ? `${line}; ${interpretationLabels.none[locale].toLocaleLowerCase(intl)}` : line;
  }
  const template = event.workingLanguages.length === 1 ? t.interpretationOne : t.interpretationMany;
  return fill(template, { interpretation: interpretationLabels[event.interpretation][locale], languages: list });
}

function placeText(city, countryName, locale) {
  if (!city) return countryName;
  if (!countryName) return city;
  // Chinese puts the larger place first and needs no separator: 中国北京.
  return locale === "zh" ? `${countryName}${city}` : `${city}, ${countryName}`;
}

function formatBytes(bytes, locale) {
  if (!bytes) return undefined;
  const intl = localeInfo(locale).intl;
  const units = bytes >= 1024 * 1024 ? ["megabyte", bytes / (1024 * 1024)] : ["kilobyte", Math.max(1, bytes / 1024)];
  return new Intl.NumberFormat(intl, { style: "unit", unit: units[0], unitDisplay: "short", maximumFractionDigits: 1 }).format(units[1]);
}

function isUpcoming(event, now) {
  return Date.parse(event.endsAt ?? event.startsAt) >= now.getTime();
}

function chromeFor(settings, locale, siteUrl) {
  const t = dictionaries()[locale];
  const s = resolveSiteSettings(settings.raw, locale, settings.now);
  return {
    locale,
    lang: localeInfo(locale).bcp47,
    intl: localeInfo(locale).intl,
    t,
    siteName: s.siteName,
    tagline: s.tagline,
    banner: s.banner && {
      text: inLang(s.banner.text, s.banner.lang, locale),
      linkUrl: s.banner.linkUrl,
      linkLabel: s.banner.linkLabel ?? t.moreDetails,
    },
    footerContacts: s.footerContacts,
    footerLinks: s.footerLinks,
    homeUrl: paths.home(locale),
    eventsUrl: paths.events(locale),
    feedUrl: paths.feed(locale),
    calendarUrl: paths.calendar(locale),
    feedAbsolute: absolute(siteUrl, paths.feed(locale)),
  };
}

/** hreflang links for pages that exist, fully translated, in every locale. */
function fullAlternates(siteUrl, pathOf, xDefault) {
  return [
    ...locales.map((l) => ({ hreflang: l.bcp47, href: absolute(siteUrl, pathOf(l.code)) })),
    { hreflang: "x-default", href: absolute(siteUrl, xDefault) },
  ];
}

function switcher(pathOf, current) {
  return locales.map((l) => ({ code: l.code, nativeName: l.nativeName, lang: l.bcp47, href: pathOf(l.code), current: l.code === current }));
}

function card(ev) {
  return {
    url: ev.url,
    title: ev.title,
    when: ev.when,
    startsAt: ev.startsAt,
    status: ev.status,
    statusLabel: ev.status === "scheduled" ? undefined : ev.statusLabel,
    attendanceLabel: ev.attendanceLabel,
    place: ev.placeLine,
    summary: ev.summary,
  };
}

/** Events in one order whatever order the CMS (or a partial build's merge) gave them: by start, then id. */
export function orderedEvents(events) {
  return [...events].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * What an event's pages depend on besides the event itself: the site address,
 * the organisations and media it may refer to, and the settings (site name in
 * titles). Not `now`: forthcoming/past and the banner are added per build.
 */
function contextKey(content, siteUrl) {
  return createHash("sha1").update(JSON.stringify([siteUrl, content.organizations, content.media, content.settings])).digest("base64url");
}

/**
 * The page models of one event in every locale, without the parts that depend
 * on the build's moment (chrome with the banner, forthcoming or past). Memoised
 * by the event's content and its context, so a rebuild that changes one event
 * recomputes three models instead of 3,000.
 */
async function eventModels(event, { orgs, media, siteUrl, chrome, context }) {
  // A partial build's content holds the very same event objects as the previous build's: no need to serialise those.
  const same = modelsByObject.get(event);
  if (same?.context === context && viewMemo.lookup(same.key) === same.value) return same.value;
  const key = `${context}|${JSON.stringify(event)}`;
  const known = viewMemo.lookup(key);
  if (known) {
    modelsByObject.set(event, { context, key, value: known });
    return known;
  }
  const usedMedia = new Map();
  const perLocale = locales.map((l) => ({ locale: l.code, resolved: resolveEvent(event, l.code) }));
  // Policy (README): a locale is claimed in hreflang only when nothing on the page falls back to English.
  const translated = perLocale.filter((p) => Object.keys(p.resolved.fallbacks).length === 0).map((p) => p.locale);
  const alternates = [
    ...translated.map((code) => ({ hreflang: localeInfo(code).bcp47, href: absolute(siteUrl, paths.event(code, event.slug)) })),
    { hreflang: "x-default", href: absolute(siteUrl, paths.event(defaultLocale, event.slug)) },
  ];
  const models = [];
  for (const { locale, resolved } of perLocale) {
    const ev = await eventView(event, resolved, locale, { orgs, media, usedMedia, siteUrl, chrome: chrome[locale] });
    const claimed = translated.includes(locale);
    ev.translated = claimed;
    ev.section = "events";
    ev.meta = {
      title: `${ev.title.text} — ${chrome[locale].siteName}`,
      description: ev.description,
      canonical: ev.canonical,
      alternates: claimed ? alternates : [],
      switcher: switcher((code) => paths.event(code, event.slug), locale),
      ogType: "article",
      ogLocale: ogLocale(locale),
      ogLocaleAlternates: claimed ? translated.filter((c) => c !== locale).map(ogLocale) : [],
      ogImage: ev.image?.absoluteUrl,
      jsonLd: eventJsonLd(ev),
    };
    delete ev.chrome;
    models.push(Object.freeze(ev));
  }
  const value = viewMemo.store(key, { models, usedMedia: [...usedMedia.values()] });
  modelsByObject.set(event, { context, key, value });
  return value;
}

/** @type {WeakMap<object, { context: string, key: string, value: object }>} */
const modelsByObject = new WeakMap();

/** An event's page model for this build: the memoised model with this build's chrome and forthcoming/past. */
function withMoment(model, chrome, now) {
  return { ...model, chrome: chrome[model.locale], upcoming: isUpcoming(model, now) };
}

function contextFor(content, siteUrl, now) {
  const settings = { raw: content.settings, now };
  return {
    orgs: new Map(content.organizations.map((o) => [o.id, o])),
    media: new Map(content.media.map((m) => [m.id, m])),
    chrome: Object.fromEntries(locales.map((l) => [l.code, chromeFor(settings, l.code, siteUrl)])),
    context: contextKey(content, siteUrl),
    siteUrl,
  };
}

/** The page models of one event in every locale, on their own (the draft preview). */
export async function eventPageViews(content, event, { siteUrl, now }) {
  const ctx = contextFor(content, siteUrl, now);
  const { models } = await eventModels(event, ctx);
  return models.map((m) => withMoment(m, ctx.chrome, now));
}

export async function buildViews(content, { siteUrl, now }) {
  const ctx = contextFor(content, siteUrl, now);
  const { chrome } = ctx;
  const usedMedia = new Map();
  const eventPages = [];
  const byLocale = Object.fromEntries(locales.map((l) => [l.code, []]));

  for (const event of orderedEvents(content.events)) {
    const { models, usedMedia: eventMedia } = await eventModels(event, ctx);
    for (const m of eventMedia) usedMedia.set(m.id, m);
    for (const model of models) {
      const ev = withMoment(model, chrome, now);
      eventPages.push(ev);
      byLocale[ev.locale].push(ev);
    }
  }

  const homePages = [];
  const indexPages = [];
  const notFoundPages = [];
  for (const { code: locale } of locales) {
    const c = chrome[locale];
    const t = c.t;
    const upcoming = byLocale[locale].filter((ev) => isUpcoming(ev, now)).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    const past = byLocale[locale].filter((ev) => !isUpcoming(ev, now)).sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
    const pastByYear = [];
    for (const ev of past) {
      const year = yearOf(ev.startsAt, ev.timeZone);
      if (pastByYear.at(-1)?.year !== year) pastByYear.push({ year, events: [] });
      pastByYear.at(-1).events.push(card(ev));
    }
    const baseMeta = (title, description, pathOf, xDefault) => ({
      title,
      description,
      canonical: absolute(siteUrl, pathOf(locale)),
      alternates: fullAlternates(siteUrl, pathOf, xDefault),
      switcher: switcher(pathOf, locale),
      ogType: "website",
      ogLocale: ogLocale(locale),
      ogLocaleAlternates: locales.filter((l) => l.code !== locale).map((l) => ogLocale(l.code)),
    });
    homePages.push({
      locale,
      section: "home",
      chrome: c,
      forthcoming: upcoming.slice(0, HOME_FORTHCOMING).map(card),
      moreForthcoming: upcoming.length > HOME_FORTHCOMING,
      recent: past.slice(0, HOME_RECENT).map(card),
      meta: baseMeta(c.tagline ? `${c.siteName} — ${c.tagline}` : c.siteName, t.eventsIndexIntro, paths.home, "/"),
    });
    indexPages.push({
      locale,
      section: "events",
      chrome: c,
      upcoming: upcoming.map(card),
      pastByYear,
      meta: baseMeta(`${t.events} — ${c.siteName}`, t.eventsIndexIntro, paths.events, paths.events(defaultLocale)),
    });
    const notFoundMeta = baseMeta(`${t.notFoundTitle} — ${c.siteName}`, t.notFoundText, paths.notFound, paths.notFound(defaultLocale));
    // A 404 answers for many addresses: it names no canonical and no alternates.
    notFoundPages.push({ locale, chrome: c, meta: { ...notFoundMeta, canonical: undefined, alternates: [], robots: "noindex" } });
  }

  return {
    chrome,
    eventPages,
    homePages,
    indexPages,
    notFoundPages,
    rootPage: {
      languages: locales.map((l) => ({ chooseLanguage: chrome[l.code].t.chooseLanguage, code: l.code, lang: l.bcp47, nativeName: l.nativeName, href: paths.home(l.code), siteName: chrome[l.code].siteName, tagline: chrome[l.code].tagline })),
      meta: { canonical: absolute(siteUrl, "/"), alternates: fullAlternates(siteUrl, paths.home, "/") },
    },
    usedMedia: [...usedMedia.values()],
    sitemap: sitemapEntries(siteUrl, homePages, indexPages, eventPages),
    sitemapUrl: absolute(siteUrl, "/sitemap.xml"),
    upcomingByLocale: Object.fromEntries(locales.map((l) => [l.code, byLocale[l.code].filter((ev) => isUpcoming(ev, now)).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))])),
    eventsByLocale: byLocale,
  };
}

function sitemapEntries(siteUrl, homePages, indexPages, eventPages) {
  const entry = (meta, lastmod) => ({ loc: meta.canonical, lastmod, alternates: meta.alternates });
  return [
    { loc: absolute(siteUrl, "/"), alternates: fullAlternates(siteUrl, paths.home, "/") },
    ...homePages.map((p) => entry(p.meta)),
    ...indexPages.map((p) => entry(p.meta)),
    ...eventPages.map((ev) => entry(ev.meta, ev.updatedUtc)),
  ];
}

async function eventView(event, resolved, locale, { orgs, media, usedMedia, siteUrl, chrome }) {
  const t = chrome.t;
  const intl = localeInfo(locale).intl;
  const fb = resolved.fallbacks;
  const field = (name, text) => inLang(text, fb[name] ?? locale, locale);
  const url = paths.event(locale, event.slug);
  const canonical = absolute(siteUrl, url);
  const title = field("title", resolved.title);
  const summary = field("summary", resolved.summary);
  const when = whenLine(resolved, locale, t);
  const countryName = resolved.country ? displayNames(locale, "region").of(resolved.country) : undefined;
  const city = field("city", resolved.city);
  const venue = field("venue", resolved.venue);
  const placeLine = placeText(city?.text, countryName, locale);
  const statusLabel = eventStatusLabels[event.status][locale];
  const attendanceLabel = attendanceLabels[event.attendance][locale];

  const hosts = resolved.hosts.map((id) => {
    const org = resolveOrganization(orgs.get(id), locale);
    return { name: org.name, lang: org.lang === locale ? "" : localeInfo(org.lang).bcp47, website: org.website };
  });

  const mediaView = (id) => {
    const doc = media.get(id);
    usedMedia.set(doc.id, doc);
    const m = resolveMedia(doc, locale);
    const src = paths.media(m.filename);
    return { ...m, src, absoluteUrl: absolute(siteUrl, src), size: formatBytes(m.filesize, locale) };
  };
  const image = resolved.image ? mediaView(resolved.image) : undefined;
  const documents = resolved.documents.map(mediaView).map((d) => ({ ...d, name: d.caption || d.alt || d.filename }));

  const lines = (list) => list.map((line) => inLang(line.text, line.lang, locale));
  const contacts = resolved.contacts.map((c) => ({
    name: c.name,
    organization: c.organization,
    lang: c.lang === locale ? "" : localeInfo(c.lang).bcp47,
    phones: c.phones.map((p) => ({ text: p, href: phoneHref(p) })),
    fax: c.fax && { text: c.fax, href: phoneHref(c.fax) },
    emails: c.emails,
  }));

  const description = summary?.text ?? `${title.text}. ${when}`;
  const locationForTools = event.attendance === "online" ? resolved.onlineUrl ?? t.online : [venue?.text, placeLine].filter(Boolean).join(", ");
  const detailsForTools = [summary?.text, canonical].filter(Boolean).join("\n\n");

  return {
    id: event.id,
    locale,
    bcp47: localeInfo(locale).bcp47,
    chrome,
    slug: event.slug,
    url,
    canonical,
    icsUrl: paths.eventIcs(locale, event.slug),
    title,
    summary,
    description,
    status: event.status,
    statusLabel,
    statusNotice: event.status === "scheduled" ? undefined : fill(t.statusNotice, { status: statusLabel.toLocaleLowerCase(intl) }),
    startsAt: resolved.startsAt,
    endsAt: resolved.endsAt,
    timeZone: resolved.timeZone,
    when,
    startsUtc: new Date(resolved.startsAt).toISOString(),
    previousStartsAt: resolved.previousStartsAt,
    previousWhen: resolved.previousStartsAt ? whenLine({ startsAt: resolved.previousStartsAt, timeZone: resolved.timeZone }, locale, t) : undefined,
    previousUtc: resolved.previousStartsAt ? new Date(resolved.previousStartsAt).toISOString() : undefined,
    attendance: event.attendance,
    attendanceLabel,
    city,
    country: resolved.country,
    countryName,
    placeLine,
    venue,
    onlineUrl: resolved.onlineUrl,
    hosts,
    targetAudience: lines(resolved.targetAudience),
    objectives: lines(resolved.objectives),
    body: field("bodyHtml", resolved.bodyHtml),
    languagesLine: languagesLine(event, locale, t),
    contactIntro: field("contactIntro", resolved.contactIntro) ?? { text: t.contactIntro, lang: "" },
    contacts,
    registrationUrl: resolved.registrationUrl,
    registrationDeadline: resolved.registrationDeadline
      ? { when: whenLine({ startsAt: resolved.registrationDeadline, timeZone: resolved.timeZone }, locale, t), utc: new Date(resolved.registrationDeadline).toISOString() }
      : undefined,
    themes: resolved.themes.map((theme) => themeLabels[theme][locale]),
    image,
    documents,
    revision: resolved.revision,
    createdAt: event.createdAt,
    updatedAt: resolved.updatedAt,
    updatedLabel: formatDate(resolved.updatedAt, resolved.timeZone, locale),
    updatedUtc: new Date(resolved.updatedAt).toISOString(),
    hasFallback: Object.keys(fb).length > 0,
    locationForTools,
    googleCalendarUrl: googleCalendarUrl({
      title: title.text,
      startsAt: resolved.startsAt,
      endsAt: resolved.endsAt,
      timeZone: resolved.timeZone,
      details: detailsForTools,
      location: locationForTools,
    }),
    mailtoUrl: mailtoUrl(title.text, detailsForTools),
    qrSvg: await qrSvg(canonical),
  };
}
