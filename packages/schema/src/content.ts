import * as z from "zod";
import { Attendance, EventStatus, Interpretation, Theme } from "./enums.js";
import { localized, localizedRequired } from "./localized.js";
import { Email, PhoneNumber, SafeUrl, TimeZone } from "./validators.js";
import { SafeHtml } from "./html.js";
import { boundedList, boundedText, limits, Slug, utf8Bytes } from "./limits.js";

// The content as the CMS REST API returns it with `locale=all` and `depth=0`:
// relationships are ids, localised fields are `{ en, ru, zh }`. The site joins
// ids itself, so that each document is fetched and validated once.

const Id = z.string().min(1);
const Instant = z.iso.datetime({ offset: true, message: "must be a date and time" });
const CountryCode = z.string().regex(/^[A-Z]{2}$/, { message: "must be a two-letter ISO 3166 country code such as CN" });
/** BCP 47 language tag of a working language ("zh", "en", "kk"). */
const LanguageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: "must be a language code such as zh or ru" });
// Each text is bounded (limits.ts): the CMS builds its fields from the same numbers.
const Title = boundedText(limits.title);
const ShortText = boundedText(limits.shortText);
const LongText = boundedText(limits.longText);
const Summary = boundedText(limits.summary);
const Line = boundedText(limits.line);
const PublishState = z.enum(["draft", "published"]);

/** Lines kept in order with their wording in every locale ("Target audience", "Objectives"). */
const LocalizedLine = z.object({ id: z.string().optional(), text: localized(Line) });
const Lines = boundedList(LocalizedLine, limits.lines)
  .nullish()
  .transform((v) => v ?? []);

export const Contact = z.object({
  id: z.string().optional(),
  name: localized(ShortText),
  organization: localized(ShortText).optional().nullable(),
  phones: boundedList(PhoneNumber, limits.shortList)
    .nullish()
    .transform((v) => v ?? []),
  fax: PhoneNumber.nullish(),
  emails: boundedList(Email, limits.shortList)
    .nullish()
    .transform((v) => v ?? []),
});
export type Contact = z.infer<typeof Contact>;

/** Which required localised fields are still empty, per locale. */
export const TranslationStatus = z.record(z.string(), z.object({ complete: z.boolean(), missing: z.array(z.string()) }));
export type TranslationStatus = z.infer<typeof TranslationStatus>;

export const Event = z
  .object({
    id: Id,
    title: localizedRequired(Title.min(1)),
    slug: Slug,
    summary: localized(Summary).nullish(),
    status: EventStatus,
    startsAt: Instant,
    endsAt: Instant.nullish(),
    timeZone: TimeZone,
    previousStartsAt: Instant.nullish(),
    attendance: Attendance,
    venue: localized(ShortText).nullish(),
    city: localized(ShortText).nullish(),
    country: CountryCode.nullish(),
    onlineUrl: SafeUrl.nullish(),
    hosts: boundedList(Id, limits.lines)
      .nullish()
      .transform((v) => v ?? []),
    targetAudience: Lines,
    objectives: Lines,
    /** Rich text rendered to HTML by the CMS (the site never sees editor JSON), sanitised here as it enters the site. */
    bodyHtml: localized(SafeHtml).nullish(),
    workingLanguages: boundedList(LanguageTag, limits.shortList)
      .nullish()
      .transform((v) => v ?? []),
    interpretation: Interpretation.nullish(),
    contactIntro: localized(LongText).nullish(),
    contacts: boundedList(Contact, limits.lines)
      .nullish()
      .transform((v) => v ?? []),
    registrationUrl: SafeUrl.nullish(),
    registrationDeadline: Instant.nullish(),
    documents: boundedList(Id, limits.lines)
      .nullish()
      .transform((v) => v ?? []),
    image: Id.nullish(),
    themes: boundedList(Theme, limits.shortList)
      .nullish()
      .transform((v) => v ?? []),
    /** Grows with every published change; iCalendar's SEQUENCE. */
    revision: z.number().int().nonnegative().nullish(),
    translationStatus: TranslationStatus.nullish(),
    _status: PublishState.nullish(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .superRefine((event, ctx) => {
    if (event.endsAt && Date.parse(event.endsAt) < Date.parse(event.startsAt)) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "must not be before the start" });
    }
    if (event.attendance !== "online" && !event.city?.en) {
      ctx.addIssue({ code: "custom", path: ["city", "en"], message: "is required unless the event is online" });
    }
    if (event.attendance !== "online" && !event.country) {
      ctx.addIssue({ code: "custom", path: ["country"], message: "is required unless the event is online" });
    }
  });
export type Event = z.infer<typeof Event>;

export const Organization = z.object({
  id: Id,
  name: localizedRequired(Title.min(1)),
  acronym: localized(ShortText).nullish(),
  country: CountryCode.nullish(),
  website: SafeUrl.nullish(),
  logo: Id.nullish(),
  updatedAt: Instant.optional(),
});
export type Organization = z.infer<typeof Organization>;

const ImageSize = z.object({
  url: z.string().nullish(),
  width: z.number().nullish(),
  height: z.number().nullish(),
  mimeType: z.string().nullish(),
  filesize: z.number().nullish(),
  filename: z.string().nullish(),
});

export const Media = z
  .object({
    id: Id,
    alt: localized(boundedText(limits.altText)).nullish(),
    caption: localized(LongText).nullish(),
    url: z.string().min(1),
    filename: z
      .string()
      .min(1)
      .refine((name) => utf8Bytes(name) <= limits.fileNameBytes, { message: `must be at most ${limits.fileNameBytes} bytes` }),
    mimeType: z.string().min(1),
    filesize: z.number().nullish(),
    width: z.number().nullish(),
    height: z.number().nullish(),
    sizes: z.record(z.string(), ImageSize).nullish(),
    updatedAt: Instant.optional(),
  })
  .superRefine((media, ctx) => {
    // A picture without words is invisible to a screen reader.
    if (media.mimeType.startsWith("image/") && !media.alt?.en?.trim()) {
      ctx.addIssue({ code: "custom", path: ["alt", "en"], message: "is required for images" });
    }
  });
export type Media = z.infer<typeof Media>;

/** Minutes a calendar entry lasts when the event announces no end (site settings). */
export const CalendarDurationMinutes = z
  .number()
  .int({ message: "must be a whole number of minutes" })
  .min(limits.calendarDurationMinutes.min, { message: `must be at least ${limits.calendarDurationMinutes.min} minutes` })
  .max(limits.calendarDurationMinutes.max, { message: `must be at most ${limits.calendarDurationMinutes.max} minutes` });
export type CalendarDurationMinutes = z.infer<typeof CalendarDurationMinutes>;

export const FooterLink = z.object({ id: z.string().optional(), label: localized(ShortText), url: SafeUrl });

export const SiteSettings = z.object({
  siteName: localizedRequired(Title.min(1)),
  tagline: localized(ShortText).nullish(),
  banner: z
    .object({
      enabled: z.boolean().nullish(),
      text: localized(LongText).nullish(),
      linkUrl: SafeUrl.nullish(),
      linkLabel: localized(ShortText).nullish(),
      expiresAt: Instant.nullish(),
    })
    .nullish(),
  defaultTimeZone: TimeZone.nullish(),
  calendarDefaultDurationMinutes: CalendarDurationMinutes.nullish(),
  footer: z
    .object({
      contacts: localized(LongText).nullish(),
      links: boundedList(FooterLink, limits.lines)
        .nullish()
        .transform((v) => v ?? []),
    })
    .nullish(),
  updatedAt: Instant.optional(),
});
export type SiteSettings = z.infer<typeof SiteSettings>;

/** Everything the site is built from, as one file (the snapshot) or one fetch. */
export const Snapshot = z.object({
  fetchedAt: Instant,
  source: z.string(),
  events: z.array(z.unknown()),
  organizations: z.array(z.unknown()),
  media: z.array(z.unknown()),
  settings: z.unknown(),
});
export type Snapshot = z.infer<typeof Snapshot>;
