import * as z from "zod";

/**
 * Every bound on stored content, in one place. The zod schemas below and the
 * CMS's fields (maxLength, maxRows, validators) are built from these numbers,
 * so the CMS refuses exactly what the site would refuse. A single oversized
 * field once made a build take 79 s and write 243 MB; each bound is generous
 * for real announcements (the longest objective line of the source
 * announcement has 211 characters) and small enough that no one event can
 * weigh on every visitor's page.
 *
 * Text is counted in characters as a reader counts them: Unicode code points,
 * so an emoji or a CJK character is one, whatever its UTF-16 or UTF-8 size.
 */
export const limits = {
  /** An event's title, an organisation's name, the site's name. */
  title: 200,
  /** The one or two sentences shown in lists. */
  summary: 600,
  /** Short single-line texts: venue, city, a contact's name, labels, alt text, user names. */
  shortText: 200,
  /** Alternative text of an image: what it shows, in a sentence or two. */
  altText: 500,
  /** Multi-line plain texts: contact introduction, footer contacts, banner text, captions. */
  longText: 2000,
  /** One line of a list (target audience, objectives). */
  line: 500,
  /** Lines in one list, and rows in any repeated group (contacts, hosts, documents, footer links). */
  lines: 50,
  /** Phone numbers or e-mail addresses of one contact, working languages, themes. */
  shortList: 20,
  /** A phone number, an e-mail address. */
  contactValue: 100,
  /** Any web address. */
  url: 2000,
  /** An event's address on the site: lower-case ASCII words joined by hyphens. */
  slug: 80,
  /** Rich text of one locale, as the editor's JSON, in UTF-8 bytes. */
  richTextBytes: 100 * 1024,
  /** Nesting of rich text (lists in lists, quotes…); real text needs a handful. */
  richTextDepth: 20,
  /** Stored file names (uploads and their resized copies), in UTF-8 bytes; file systems stop at 255. */
  fileNameBytes: 120,
  /** A JSON request body to the CMS. */
  jsonBodyBytes: 2 * 1024 * 1024,
  /** One uploaded file. */
  uploadBytes: 20 * 1024 * 1024,
  /**
   * How long calendars assume an event without an end lasts, in minutes
   * (site settings): a whole day at most, so a typo cannot fill a subscriber's calendar for weeks.
   */
  calendarDurationMinutes: { min: 5, max: 24 * 60, default: 60 },
} as const;
export type Limits = typeof limits;

/** Whether `value` has more than `max` code points, without copying a long string. */
export function exceedsCharacters(value: string, max: number): boolean {
  // A code point is one or two UTF-16 units, so the common case needs no count.
  if (value.length <= max) return false;
  if (value.length > 2 * max) return true;
  let count = 0;
  for (const _ of value) if (++count > max) return true;
  return false;
}

export function utf8Bytes(value: string): number {
  return new TextEncoder().encode(value).length;
}

export const tooManyCharacters = (max: number) => `must be at most ${max} characters`;
export const tooManyLines = (max: number) => `must have at most ${max} entries`;

/** A string of at most `max` characters (code points). */
export function boundedText(max: number) {
  return z.string().refine((value) => !exceedsCharacters(value, max), { message: tooManyCharacters(max), abort: true });
}

/** A list of at most `max` entries. */
export function boundedList<T extends z.ZodType>(item: T, max: number) {
  return z.array(item).max(max, { message: tooManyLines(max) });
}

/** An event's address: lower-case ASCII words joined by hyphens, at most `limits.slug` characters. */
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const Slug = z
  .string()
  .max(limits.slug, { message: `must be at most ${limits.slug} characters` })
  .regex(slugPattern, { message: "must be lower-case words joined by hyphens" });
export type Slug = z.infer<typeof Slug>;

/**
 * Shortens a slug to at most `limits.slug` characters, cutting at a hyphen
 * where one is near, so the address still ends on a whole word.
 */
export function shortenSlug(slug: string, max: number = limits.slug): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1);
  const lastHyphen = cut.lastIndexOf("-");
  const shortened = lastHyphen >= max / 2 ? cut.slice(0, lastHyphen) : cut.slice(0, max);
  return shortened.replace(/-+$/, "");
}

/**
 * A file name cut to at most `limits.fileNameBytes` UTF-8 bytes, keeping its
 * extension, so writing it (and its resized copies) never fails with
 * ENAMETOOLONG.
 */
export function boundedFileName(name: string, maxBytes: number = limits.fileNameBytes): string {
  if (utf8Bytes(name) <= maxBytes) return name;
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : "";
  const room = maxBytes - utf8Bytes(extension);
  // Whole code points, so a name never ends in half a character.
  let stem = "";
  let bytes = 0;
  for (const point of name.slice(0, name.length - extension.length)) {
    const size = utf8Bytes(point);
    if (bytes + size > room) break;
    bytes += size;
    stem += point;
  }
  return `${stem}${extension}`;
}
