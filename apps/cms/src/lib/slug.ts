import { createHash } from "node:crypto";
import slugifyLib from "slugify";
import { transliterate } from "transliteration";
import { limits, shortenSlug } from "@cica/schema";

/**
 * "CICA Seminar on Green & Low-Carbon Cities" → "cica-seminar-on-green-and-low-carbon-cities",
 * "Совещание экспертов СВМДА" → "soveshchanie-ekspertov-svmda", "亚信水安全专家会议" → "ya-xin-shui-an-quan-zhuan-jia-hui-yi":
 * ASCII, at most `max` characters, cut at a word. Empty when the text has no letters or digits.
 */
export function slugify(text: string, max: number = limits.slug): string {
  // Only the start can end up in the slug; a 5 MB title is not transliterated whole.
  const start = text.slice(0, max * 2);
  // transliteration spells any script in Latin letters (Chinese as pinyin), which
  // slugify alone would drop; slugify then spells "&" as "and" and lower-cases.
  const latin = transliterate(start, { unknown: " " });
  const slug = slugifyLib(latin, { lower: true, strict: true, locale: "en", trim: true }).replace(/-+/g, "-").replace(/^-|-$/g, "");
  return shortenSlug(slug, max);
}

/**
 * The address proposed for a title: its slug, or "event-<8 hex digits of the
 * title's hash>" when the title has nothing to spell (only emoji, say), so a
 * title always yields a valid address and the same title the same one.
 */
export function slugFromTitle(title: string): string {
  const slug = slugify(title);
  if (slug) return slug;
  return `event-${createHash("sha256").update(title).digest("hex").slice(0, 8)}`;
}
