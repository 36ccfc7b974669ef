import * as z from "zod";
import { Attendance, EventStatus, Interpretation, Theme } from "./enums.js";
import { localized, localizedRequired } from "./localized.js";
import { Email, PhoneNumber, SafeUrl, TimeZone } from "./validators.js";

// The content as the CMS REST API returns it with `locale=all` and `depth=0`:
// relationships are ids, localised fields are `{ en, ru, zh }`. The site joins
// ids itself, so that each document is fetched and validated once.

const Id = z.string().min(1);
const Instant = z.iso.datetime({ offset: true, message: "must be a date and time" });
const CountryCode = z.string().regex(/^[A-Z]{2}$/, { message: "must be a two-letter ISO 3166 country code such as CN" });
/** BCP 47 language tag of a working language ("zh", "en", "kk"). */
const LanguageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: "must be a language code such as zh or ru" });
const Text = z.string();
const PublishState = z.enum(["draft", "published"]);

/** Lines kept in order with their wording in every locale ("Target audience", "Objectives"). */
const LocalizedLine = z.object({ id: z.string().optional(), text: localized(Text) });

export const Contact = z.object({
  id: z.string().optional(),
  name: localized(Text),
  organization: localized(Text).optional().nullable(),
  phones: z.array(PhoneNumber).nullish().transform((v) => v ?? []),
  fax: PhoneNumber.nullish(),
  emails: z.array(Email).nullish().transform((v) => v ?? []),
});
export type Contact = z.infer<typeof Contact>;

/** Which required localised fields are still empty, per locale. */
export const TranslationStatus = z.record(
  z.string(),
  z.object({ complete: z.boolean(), missing: z.array(z.string()) }),
);
export type TranslationStatus = z.infer<typeof TranslationStatus>;

export const Event = z
  .object({
    id: Id,
    title: localizedRequired(Text.min(1)),
    slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "must be lower-case words joined by hyphens" }),
    summary: localized(Text).nullish(),
    status: EventStatus,
    startsAt: Instant,
    endsAt: Instant.nullish(),
    timeZone: TimeZone,
    previousStartsAt: Instant.nullish(),
    attendance: Attendance,
    venue: localized(Text).nullish(),
    city: localized(Text).nullish(),
    country: CountryCode.nullish(),
    onlineUrl: SafeUrl.nullish(),
    hosts: z.array(Id).nullish().transform((v) => v ?? []),
    targetAudience: z.array(LocalizedLine).nullish().transform((v) => v ?? []),
    objectives: z.array(LocalizedLine).nullish().transform((v) => v ?? []),
    /** Rich text rendered to HTML by the CMS (the site never sees editor JSON). */
    bodyHtml: localized(Text).nullish(),
    workingLanguages: z.array(LanguageTag).nullish().transform((v) => v ?? []),
    interpretation: Interpretation.nullish(),
    contactIntro: localized(Text).nullish(),
    contacts: z.array(Contact).nullish().transform((v) => v ?? []),
    registrationUrl: SafeUrl.nullish(),
    registrationDeadline: Instant.nullish(),
    documents: z.array(Id).nullish().transform((v) => v ?? []),
    image: Id.nullish(),
    themes: z.array(Theme).nullish().transform((v) => v ?? []),
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
  name: localizedRequired(Text.min(1)),
  acronym: localized(Text).nullish(),
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
    alt: localized(Text).nullish(),
    caption: localized(Text).nullish(),
    url: z.string().min(1),
    filename: z.string().min(1),
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

export const FooterLink = z.object({ id: z.string().optional(), label: localized(Text), url: SafeUrl });

export const SiteSettings = z.object({
  siteName: localizedRequired(Text.min(1)),
  tagline: localized(Text).nullish(),
  banner: z
    .object({
      enabled: z.boolean().nullish(),
      text: localized(Text).nullish(),
      linkUrl: SafeUrl.nullish(),
      linkLabel: localized(Text).nullish(),
      expiresAt: Instant.nullish(),
    })
    .nullish(),
  defaultTimeZone: TimeZone.nullish(),
  footer: z
    .object({
      contacts: localized(Text).nullish(),
      links: z.array(FooterLink).nullish().transform((v) => v ?? []),
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
