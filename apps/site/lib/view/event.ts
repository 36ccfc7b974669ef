import { createHash } from "node:crypto";
import {
  attendanceLabels,
  eventStatusLabels,
  localeInfo,
  locales,
  phoneHref,
  resolveEvent,
  resolveMedia,
  resolveOrganization,
  themeLabels,
  type Event,
  type EventInLocale,
  type LocaleCode,
  type Media,
  type Organization,
} from "@cica/schema";
import { calendarEnd, durationText } from "../calendar-span.js";
import type { Content } from "../content.js";
import { formatDate, whenLine } from "../dates.js";
import { fill } from "../i18n.js";
import { eventJsonLd } from "../jsonld.js";
import { googleCalendarUrl, mailtoUrl } from "../links.js";
import type { Memo } from "../memo.js";
import { qrSvg } from "../qr.js";
import { absolute, paths } from "../urls.js";
import type { Chrome, ChromeByLocale } from "./chrome.js";
import {
  addressSegments,
  dateBadge,
  displayNames,
  formatBytes,
  inLang,
  langMark,
  languagesLine,
  ogLocale,
  placeParts,
  placeText,
} from "./format.js";
import { responsiveImage } from "./image.js";
import { contentLanguages, eventAlternates, pageLanguage, switcher, type PageMeta } from "./seo.js";
import { searchFacets } from "./search.js";

// The page model of one event in one locale: every decision about wording,
// dates, languages and links, made where it can be tested without rendering.

/** What the models of one event depend on besides the event (see contextKey). */
export interface EventModelContext {
  orgs: Map<string, Organization>;
  media: Map<string, Media>;
  siteUrl: string;
  chrome: ChromeByLocale;
  /** A hash of everything above that can change between builds. */
  context: string;
}

/** The memos event models are kept in between builds (SiteCaches holds them). */
export interface EventModelCaches {
  models: Memo<EventModels>;
  modelsByObject: WeakMap<Event, { context: string; key: string; value: EventModels }>;
  qr: Memo<string>;
  /** The last build's chrome and event pages, to give the next build the same objects where nothing changed (view/index.ts). */
  moments: { chrome?: { key: string; value: ChromeByLocale }; pages: WeakMap<EventModel, EventPage> };
}

export function modelContext(content: Content, siteUrl: string, chrome: ChromeByLocale): EventModelContext {
  return {
    orgs: new Map(content.organizations.map((o) => [o.id, o])),
    media: new Map(content.media.map((m) => [m.id, m])),
    chrome,
    context: contextKey(content, siteUrl),
    siteUrl,
  };
}

/**
 * What an event's pages depend on besides the event itself: the site address,
 * the organisations and media it may refer to, and the settings (site name in
 * titles). Not `now`: forthcoming/past and the banner are added per build.
 */
function contextKey(content: Content, siteUrl: string): string {
  return createHash("sha1")
    .update(JSON.stringify([siteUrl, content.organizations, content.media, content.settings]))
    .digest("base64url");
}

type MediaInPage = ReturnType<typeof resolveMedia> & { src: string; absoluteUrl: string; size: string | undefined };

async function eventView(
  event: Event,
  resolved: EventInLocale,
  locale: LocaleCode,
  ctx: EventModelContext,
  usedMedia: Map<string, Media>,
  qr: Memo<string>,
) {
  const { orgs, media, siteUrl } = ctx;
  const chrome: Chrome = ctx.chrome[locale];
  const t = chrome.t;
  const intl = localeInfo(locale).intl;
  const fb = resolved.fallbacks;
  const field = (name: string, text: string | undefined) => inLang(text, fb[name] ?? locale, locale);
  const url = paths.event(locale, event.slug);
  const canonical = absolute(siteUrl, url);
  // Asked for first and awaited last: in a full build the worker thread makes it meanwhile (qr.ts).
  const qrCode = qrSvg(canonical, qr);
  const title = { text: resolved.title, lang: langMark(fb.title ?? locale, locale) };
  const summary = field("summary", resolved.summary);
  const when = whenLine(resolved, locale, t);
  const countryName = resolved.country ? displayNames(locale, "region").of(resolved.country) : undefined;
  const city = field("city", resolved.city);
  const venue = field("venue", resolved.venue);
  const place = placeParts(city, countryName, locale);
  const placeLine = placeText(city?.text, countryName, locale);
  const statusLabel = eventStatusLabels[event.status][locale];
  const attendanceLabel = attendanceLabels[event.attendance][locale];

  const hosts = resolved.hosts.map((id) => {
    // content.ts has checked that every host exists.
    const org = resolveOrganization(orgs.get(id)!, locale);
    return { name: org.name, lang: langMark(org.lang, locale), website: org.website };
  });

  const mediaView = (id: string): MediaInPage => {
    // content.ts has checked that every image and document exists.
    const doc = media.get(id)!;
    usedMedia.set(doc.id, doc);
    const m = resolveMedia(doc, locale);
    const src = paths.media(m.filename);
    return { ...m, src, absoluteUrl: absolute(siteUrl, src), size: formatBytes(m.filesize, locale) };
  };
  // The page's one picture, and its first image: fetched at once (it is often the largest thing on screen).
  const image = resolved.image
    ? (() => {
        const view = mediaView(resolved.image);
        const file = media.get(resolved.image)!;
        return {
          ...view,
          img: responsiveImage(file, { family: "hero", alt: view.alt, priority: true }),
          /** In a list's card the picture is decorative (the title beside it says what it is), so alt="". */
          cardImg: responsiveImage(file, { family: "card", alt: "" }),
        };
      })()
    : undefined;
  const documents = resolved.documents.map(mediaView).map((d) => ({ ...d, name: d.caption || d.alt || d.filename }));

  const lines = (list: { text: string; lang: LocaleCode }[]) =>
    list.map((line) => ({ text: line.text, lang: langMark(line.lang, locale) }));
  const contacts = resolved.contacts.map((c) => ({
    name: c.name,
    organization: c.organization,
    lang: langMark(c.lang, locale),
    phones: c.phones.map((p) => ({ text: p, href: phoneHref(p) })),
    fax: c.fax && { text: c.fax, href: phoneHref(c.fax) },
    emails: c.emails,
  }));

  const description = summary?.text ?? `${title.text}. ${when}`;
  const locationForTools =
    event.attendance === "online" ? (resolved.onlineUrl ?? t.online) : [venue?.text, placeLine].filter(Boolean).join(", ");
  const detailsForTools = [summary?.text, canonical].filter(Boolean).join("\n\n");
  const iso = (instant: string) => new Date(instant).toISOString();
  const calendarEndsAt = calendarEnd(resolved, chrome.calendarDefaultDurationMinutes);

  const jsonLd = eventJsonLd({
    event: resolved,
    url: canonical,
    languages: contentLanguages(locale, fb),
    description,
    countryName,
    organizers: hosts.map((h) => ({ name: h.name, url: h.website })),
    imageUrl: image?.absoluteUrl,
  });
  return {
    id: event.id,
    locale,
    bcp47: localeInfo(locale).bcp47,
    slug: event.slug,
    url,
    canonical,
    /** The address in pieces that end at a "/", joined with <wbr> by the share block. */
    canonicalSegments: addressSegments(canonical),
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
    badge: dateBadge(resolved.startsAt, resolved.timeZone, locale),
    startsUtc: iso(resolved.startsAt),
    /** The end for the visitor's local-time line (site.js), when there is one. */
    endsUtc: resolved.endsAt ? iso(resolved.endsAt) : undefined,
    previousStartsAt: resolved.previousStartsAt,
    previousWhen: resolved.previousStartsAt
      ? whenLine({ startsAt: resolved.previousStartsAt, timeZone: resolved.timeZone }, locale, t)
      : undefined,
    previousUtc: resolved.previousStartsAt ? iso(resolved.previousStartsAt) : undefined,
    attendance: event.attendance,
    attendanceLabel,
    city,
    country: resolved.country,
    countryName,
    /** City and country in the locale's order, printed as they are. */
    placeParts: place.parts,
    placeSeparator: place.separator,
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
      ? {
          when: whenLine({ startsAt: resolved.registrationDeadline, timeZone: resolved.timeZone }, locale, t),
          utc: iso(resolved.registrationDeadline),
        }
      : undefined,
    themes: resolved.themes.map((theme) => themeLabels[theme][locale]),
    image,
    documents,
    revision: resolved.revision,
    createdAt: event.createdAt,
    updatedAt: resolved.updatedAt,
    updatedLabel: formatDate(resolved.updatedAt, resolved.timeZone, locale),
    updatedUtc: iso(resolved.updatedAt),
    hasFallback: Object.keys(fb).length > 0,
    locationForTools,
    /** The end calendars get: the event's own, or its start plus the site's default duration. */
    calendarEndsAt,
    /** Said on the page when calendars assume the default duration. */
    calendarDurationNote: resolved.endsAt
      ? undefined
      : fill(t.calendarAssumedDuration, { duration: durationText(chrome.calendarDefaultDurationMinutes, locale) }),
    googleCalendarUrl: googleCalendarUrl({
      title: title.text,
      startsAt: resolved.startsAt,
      endsAt: calendarEndsAt,
      timeZone: resolved.timeZone,
      details: detailsForTools,
      location: locationForTools,
    }),
    mailtoUrl: mailtoUrl(title.text, detailsForTools),
    qrSvg: await qrCode,
    /** Search (issue 12): the Pagefind filters and result metadata of this page (view/search.ts). */
    search: searchFacets({
      startsAt: resolved.startsAt,
      timeZone: resolved.timeZone,
      countryName,
      statusLabel,
      attendanceLabel,
      when,
      image: image && { src: image.src, alt: image.alt },
    }),
    jsonLd,
  };
}

/** One event's page in one locale, without the parts that depend on the build's moment. */
export type EventModel = Omit<Awaited<ReturnType<typeof eventView>>, "jsonLd"> & { translated: boolean; section: "events"; meta: PageMeta };
export interface EventModels {
  models: readonly EventModel[];
  usedMedia: Media[];
}

/**
 * The page models of one event in every locale. Memoised by the event's
 * content and its context, so a rebuild that changes one event recomputes
 * three models instead of 3,000.
 */
export async function eventModels(event: Event, ctx: EventModelContext, caches: EventModelCaches): Promise<EventModels> {
  // A partial build's content holds the very same event objects as the previous build's: no need to serialise those.
  const same = caches.modelsByObject.get(event);
  if (same?.context === ctx.context && caches.models.lookup(same.key) === same.value) return same.value;
  const key = `${ctx.context}|${JSON.stringify(event)}`;
  const known = caches.models.lookup(key);
  if (known) {
    caches.modelsByObject.set(event, { context: ctx.context, key, value: known });
    return known;
  }
  const usedMedia = new Map<string, Media>();
  const perLocale = locales.map((l) => ({ locale: l.code, resolved: resolveEvent(event, l.code) }));
  // Policy (README): a locale is claimed in hreflang only when nothing on the page falls back to English.
  const translated = perLocale.filter((p) => Object.keys(p.resolved.fallbacks).length === 0).map((p) => p.locale);
  const alternates = eventAlternates(ctx.siteUrl, event.slug, translated);
  // Each locale's page is in the language of its title: the chooser's hreflang says which.
  const shownIn = new Map(perLocale.map((p) => [p.locale, pageLanguage(p.locale, p.resolved.fallbacks)]));
  const models: EventModel[] = [];
  // The three locales' views side by side, each waiting for its QR code only at its end.
  const views = await Promise.all(perLocale.map(({ locale, resolved }) => eventView(event, resolved, locale, ctx, usedMedia, caches.qr)));
  for (const [i, { locale }] of perLocale.entries()) {
    const { jsonLd, ...ev } = views[i]!;
    const claimed = translated.includes(locale);
    const meta: PageMeta = {
      title: `${ev.title.text} — ${ctx.chrome[locale].siteName}`,
      description: ev.description,
      canonical: ev.canonical,
      alternates: claimed ? alternates : [],
      switcher: switcher(
        (code) => paths.event(code, event.slug),
        locale,
        (code) => shownIn.get(code) ?? localeInfo(code).bcp47,
      ),
      ogType: "article",
      ogLocale: ogLocale(locale),
      ogLocaleAlternates: claimed ? translated.filter((c) => c !== locale).map(ogLocale) : [],
      ogImage: ev.image?.absoluteUrl,
      jsonLd,
    };
    models.push(Object.freeze({ ...ev, translated: claimed, section: "events" as const, meta }));
  }
  const value = caches.models.store(key, { models, usedMedia: [...usedMedia.values()] });
  caches.modelsByObject.set(event, { context: ctx.context, key, value });
  return value;
}

/** An event's page for this build: the memoised model with this build's chrome and forthcoming/past. */
export type EventPage = EventModel & { chrome: Chrome; upcoming: boolean; preview?: boolean };

export function isUpcoming(event: { startsAt: string; endsAt?: string | null }, now: Date): boolean {
  return Date.parse(event.endsAt ?? event.startsAt) >= now.getTime();
}

export function withMoment(model: EventModel, chrome: ChromeByLocale, now: Date): EventPage {
  return { ...model, chrome: chrome[model.locale], upcoming: isUpcoming(model, now) };
}
