import * as z from "zod";
import { Attendance, EventStatus, Interpretation, Theme } from "./enums.js";
import { Locale, type LocaleCode } from "./locales.js";
import { limits } from "./limits.js";
import { pick, type Localized } from "./localized.js";
import type { Contact, Event, Media, Organization, SiteSettings } from "./content.js";

// The same content resolved to one locale: every localised field is a plain
// value, and `fallbacks` lists the fields shown in the default language because
// their translation is missing, so the page can say so and set `lang`.

const Text = z.string();
const OptionalText = z.string().optional();

const LineInLocale = z.object({ text: Text, lang: Locale });

export const ContactInLocale = z.object({
  name: Text,
  organization: OptionalText,
  phones: z.array(z.string()),
  fax: OptionalText,
  emails: z.array(z.string()),
  lang: Locale,
});
export type ContactInLocale = z.infer<typeof ContactInLocale>;

export const EventInLocale = z.object({
  id: z.string(),
  locale: Locale,
  slug: z.string(),
  title: Text,
  summary: OptionalText,
  status: EventStatus,
  startsAt: z.string(),
  endsAt: OptionalText,
  timeZone: z.string(),
  previousStartsAt: OptionalText,
  attendance: Attendance,
  venue: OptionalText,
  city: OptionalText,
  country: OptionalText,
  onlineUrl: OptionalText,
  hosts: z.array(z.string()),
  targetAudience: z.array(LineInLocale),
  objectives: z.array(LineInLocale),
  bodyHtml: OptionalText,
  workingLanguages: z.array(z.string()),
  interpretation: Interpretation.optional(),
  contactIntro: OptionalText,
  contacts: z.array(ContactInLocale),
  registrationUrl: OptionalText,
  registrationDeadline: OptionalText,
  documents: z.array(z.string()),
  image: OptionalText,
  themes: z.array(Theme),
  revision: z.number(),
  updatedAt: z.string(),
  /** Field name → the locale its text is really in, for fields shown in fallback. */
  fallbacks: z.record(z.string(), Locale),
});
export type EventInLocale = z.infer<typeof EventInLocale>;

export const OrganizationInLocale = z.object({
  id: z.string(),
  name: Text,
  acronym: OptionalText,
  country: OptionalText,
  website: OptionalText,
  logo: OptionalText,
  lang: Locale,
});
export type OrganizationInLocale = z.infer<typeof OrganizationInLocale>;

export const MediaInLocale = z.object({
  id: z.string(),
  url: z.string(),
  alt: Text,
  caption: OptionalText,
  mimeType: z.string(),
  filename: z.string(),
  filesize: z.number().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
});
export type MediaInLocale = z.infer<typeof MediaInLocale>;

export const SiteSettingsInLocale = z.object({
  siteName: Text,
  tagline: OptionalText,
  banner: z.object({ text: Text, linkUrl: OptionalText, linkLabel: OptionalText, expiresAt: OptionalText, lang: Locale }).optional(),
  defaultTimeZone: z.string(),
  /** Minutes a calendar entry lasts when the event announces no end. */
  calendarDefaultDurationMinutes: z.number(),
  footerContacts: OptionalText,
  footerLinks: z.array(z.object({ label: Text, url: z.string() })),
});
export type SiteSettingsInLocale = z.infer<typeof SiteSettingsInLocale>;

function resolver(locale: LocaleCode) {
  const fallbacks: Record<string, LocaleCode> = {};
  function text(name: string, field: Localized<string> | null | undefined): string | undefined {
    const picked = pick(field, locale);
    if (picked.fallback) fallbacks[name] = picked.locale;
    return picked.value;
  }
  return { fallbacks, text };
}

function lines(field: Event["targetAudience"], locale: LocaleCode) {
  return field.flatMap((line) => {
    const picked = pick(line.text, locale);
    return picked.value ? [{ text: picked.value, lang: picked.locale }] : [];
  });
}

function contactInLocale(contact: Contact, locale: LocaleCode): ContactInLocale {
  const name = pick(contact.name, locale);
  return {
    name: name.value ?? "",
    organization: pick(contact.organization, locale).value,
    phones: contact.phones,
    fax: contact.fax ?? undefined,
    emails: contact.emails,
    lang: name.locale,
  };
}

export function resolveEvent(event: Event, locale: LocaleCode): EventInLocale {
  const { fallbacks, text } = resolver(locale);
  const targetAudience = lines(event.targetAudience, locale);
  const objectives = lines(event.objectives, locale);
  const contacts = event.contacts.map((c) => contactInLocale(c, locale));
  const resolved = {
    id: event.id,
    locale,
    slug: event.slug,
    title: text("title", event.title) ?? event.slug,
    summary: text("summary", event.summary),
    status: event.status,
    startsAt: event.startsAt,
    endsAt: event.endsAt ?? undefined,
    timeZone: event.timeZone,
    previousStartsAt: event.previousStartsAt ?? undefined,
    attendance: event.attendance,
    venue: text("venue", event.venue),
    city: text("city", event.city),
    country: event.country ?? undefined,
    onlineUrl: event.onlineUrl ?? undefined,
    hosts: event.hosts,
    targetAudience,
    objectives,
    bodyHtml: text("bodyHtml", event.bodyHtml),
    workingLanguages: event.workingLanguages,
    interpretation: event.interpretation ?? undefined,
    contactIntro: text("contactIntro", event.contactIntro),
    contacts,
    registrationUrl: event.registrationUrl ?? undefined,
    registrationDeadline: event.registrationDeadline ?? undefined,
    documents: event.documents,
    image: event.image ?? undefined,
    themes: event.themes,
    revision: event.revision ?? 0,
    updatedAt: event.updatedAt,
    fallbacks,
  };
  for (const [name, list] of [
    ["targetAudience", targetAudience],
    ["objectives", objectives],
    ["contacts", contacts],
  ] as const) {
    const other = list.find((line) => line.lang !== locale);
    if (other) fallbacks[name] = other.lang;
  }
  return resolved;
}

export function resolveOrganization(org: Organization, locale: LocaleCode): OrganizationInLocale {
  const name = pick(org.name, locale);
  return {
    id: org.id,
    name: name.value ?? "",
    acronym: pick(org.acronym, locale).value,
    country: org.country ?? undefined,
    website: org.website ?? undefined,
    logo: org.logo ?? undefined,
    lang: name.locale,
  };
}

export function resolveMedia(media: Media, locale: LocaleCode): MediaInLocale {
  return {
    id: media.id,
    url: media.url,
    alt: pick(media.alt, locale).value ?? "",
    caption: pick(media.caption, locale).value,
    mimeType: media.mimeType,
    filename: media.filename,
    filesize: media.filesize ?? undefined,
    width: media.width ?? undefined,
    height: media.height ?? undefined,
  };
}

/** The banner shows only while it is switched on, has words, and has not expired. */
export function resolveSiteSettings(settings: SiteSettings, locale: LocaleCode, now: Date = new Date()): SiteSettingsInLocale {
  const banner = settings.banner;
  const bannerText = pick(banner?.text, locale);
  const expired = banner?.expiresAt ? Date.parse(banner.expiresAt) <= now.getTime() : false;
  return {
    siteName: pick(settings.siteName, locale).value ?? "",
    tagline: pick(settings.tagline, locale).value,
    banner:
      banner?.enabled && bannerText.value && !expired
        ? {
            text: bannerText.value,
            linkUrl: banner.linkUrl ?? undefined,
            linkLabel: pick(banner.linkLabel, locale).value,
            expiresAt: banner.expiresAt ?? undefined,
            lang: bannerText.locale,
          }
        : undefined,
    defaultTimeZone: settings.defaultTimeZone ?? "Asia/Almaty",
    calendarDefaultDurationMinutes: settings.calendarDefaultDurationMinutes ?? limits.calendarDurationMinutes.default,
    footerContacts: pick(settings.footer?.contacts, locale).value,
    footerLinks: (settings.footer?.links ?? []).flatMap((link) => {
      const label = pick(link.label, locale).value;
      return label ? [{ label, url: link.url }] : [];
    }),
  };
}
