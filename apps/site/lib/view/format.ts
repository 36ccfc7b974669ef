import { interpretationLabels, localeInfo, type Event, type LocaleCode } from "@cica/schema";
import { fill, type Messages } from "../i18n.js";

// Wording that Intl makes: language and country names, lists, byte sizes,
// Open Graph locales, and the lang marking of text shown in another language.

// Intl objects are slow to make (a profile of 3,000 event pages put these
// among the top costs); one per locale and kind is enough. They depend on
// nothing but their key, so one cache serves every build in the process.
const intlCache = new Map<string, unknown>();
function cachedIntl<T>(key: string, make: () => T): T {
  let value = intlCache.get(key);
  if (value === undefined) intlCache.set(key, (value = make()));
  // The key names the kind of object (its prefix), and only `make` for that key ever stored it.
  return value as T;
}

/** A text and the language it is in: "" when it is the page's own (no lang attribute), else its BCP 47 tag. */
export interface TextInLang {
  text: string;
  lang: string;
}

/** The page's own language stays unmarked; text shown in another gets its lang. */
export function inLang(text: string | undefined, lang: LocaleCode, pageLocale: LocaleCode): TextInLang | undefined {
  return text === undefined ? undefined : { text, lang: langMark(lang, pageLocale) };
}

/** "" when `lang` is the page's locale, else its BCP 47 tag for a lang attribute. */
export function langMark(lang: LocaleCode, pageLocale: LocaleCode): string {
  return lang === pageLocale ? "" : localeInfo(lang).bcp47;
}

/** "en_GB" from "en-GB", "zh_CN" from "zh-Hans-CN": Open Graph's locale form. */
export function ogLocale(locale: LocaleCode): string {
  return cachedIntl(`og|${locale}`, () => {
    const tag = new Intl.Locale(localeInfo(locale).intl).maximize();
    return `${tag.language}_${tag.region}`;
  });
}

export function displayNames(locale: LocaleCode, type: Intl.DisplayNamesType): Intl.DisplayNames {
  return cachedIntl(`names|${locale}|${type}`, () => new Intl.DisplayNames(localeInfo(locale).intl, { type }));
}

function capitalise(text: string, locale: LocaleCode): string {
  return text.charAt(0).toLocaleUpperCase(localeInfo(locale).intl) + text.slice(1);
}

/** "Simultaneous interpretation in Chinese, English and Russian" and its ru/zh forms. */
export function languagesLine(
  event: Pick<Event, "workingLanguages" | "interpretation">,
  locale: LocaleCode,
  t: Messages,
): string | undefined {
  if (!event.workingLanguages.length) return undefined;
  const intl = localeInfo(locale).intl;
  const names = displayNames(locale, "language");
  const list = cachedIntl(`list|${intl}`, () => new Intl.ListFormat(intl, { type: "conjunction" })).format(
    event.workingLanguages.map((code) => names.of(code) ?? code),
  );
  if (!event.interpretation || event.interpretation === "none") {
    const line = capitalise(list, locale);
    // The locale's own separator: full-width "；" in Chinese ("英语；无口译").
    return event.interpretation === "none" ? `${line}${t.listSeparator}${interpretationLabels.none[locale].toLocaleLowerCase(intl)}` : line;
  }
  const template = event.workingLanguages.length === 1 ? t.interpretationOne : t.interpretationMany;
  return fill(template, { interpretation: interpretationLabels[event.interpretation][locale], languages: list });
}

/** One part of a place line: the city keeps its lang marking (it may be a fallback), the country name is Intl's, in the page's language. */
export interface PlacePart {
  text: string;
  /** Set for the city only (possibly ""): the template wraps it in a span carrying the lang. */
  lang?: string;
}

/** City and country in the locale's order: Chinese puts the larger place first and needs no separator (中国北京). */
export function placeParts(
  city: TextInLang | undefined,
  countryName: string | undefined,
  locale: LocaleCode,
): { parts: PlacePart[]; separator: string } {
  const parts: PlacePart[] = [];
  if (city?.text) parts.push({ text: city.text, lang: city.lang });
  if (countryName) parts.push({ text: countryName });
  if (locale === "zh") parts.reverse();
  return { parts, separator: locale === "zh" ? "" : ", " };
}

/** The place as plain text (cards, calendar locations). */
export function placeText(city: string | undefined, countryName: string | undefined, locale: LocaleCode): string | undefined {
  const { parts, separator } = placeParts(city === undefined ? undefined : { text: city, lang: "" }, countryName, locale);
  return parts.length ? parts.map((p) => p.text).join(separator) : undefined;
}

export function formatBytes(bytes: number | null | undefined, locale: LocaleCode): string | undefined {
  if (!bytes) return undefined;
  const intl = localeInfo(locale).intl;
  const [unit, value] = bytes >= 1024 * 1024 ? ["megabyte", bytes / (1024 * 1024)] : ["kilobyte", Math.max(1, bytes / 1024)];
  return new Intl.NumberFormat(intl, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }).format(value);
}

/** A date badge's three lines (day, short month, year) for an instant, in the event's own zone. Printed aria-hidden: the full date is beside it. */
export interface DateBadge {
  day: string;
  month: string;
  year: string;
}

export function dateBadge(instant: string, timeZone: string, locale: LocaleCode): DateBadge {
  const intl = localeInfo(locale).intl;
  const date = new Date(instant);
  const part = (type: "day" | "year") =>
    cachedIntl(`badge|${intl}|${timeZone}|${type}`, () => new Intl.DateTimeFormat(intl, { timeZone, [type]: "numeric" }))
      .formatToParts(date)
      .find((p) => p.type === type)?.value ?? "";
  // The month alone, in its standalone form ("Oct", «окт.», "10月").
  const month = cachedIntl(`badge|${intl}|${timeZone}|month`, () => new Intl.DateTimeFormat(intl, { timeZone, month: "short" })).format(
    date,
  );
  return { day: part("day"), month, year: part("year") };
}

/**
 * An address cut after each "/" (and before "?" or "#"), for a template to join with <wbr>: a long
 * URL then wraps between its segments ("…/events/ cica-seminar-on-…") rather than mid-word ("low-c/arbon").
 * The scheme's "//" stays whole.
 */
export function addressSegments(url: string): string[] {
  return url.split(/(?<=[^/:]\/|:\/\/)|(?=[?#])/).filter(Boolean);
}
