import * as z from "zod";

// Adding a language to the whole system is one entry here: the CMS, the site
// and the validators all read this list.
export const locales = [
  // `intl` is the tag used for formatting dates and lists: CICA writes British
  // English ("31 October 2022", "Chinese, English and Russian").
  { code: "en", name: "English", nativeName: "English", bcp47: "en", intl: "en-GB", dir: "ltr" },
  { code: "ru", name: "Russian", nativeName: "Русский", bcp47: "ru", intl: "ru-RU", dir: "ltr" },
  { code: "zh", name: "Chinese", nativeName: "中文", bcp47: "zh-Hans", intl: "zh-Hans-CN", dir: "ltr" },
] as const;

export type LocaleInfo = (typeof locales)[number];
export type LocaleCode = LocaleInfo["code"];

export const localeCodes = locales.map((l) => l.code) as [LocaleCode, ...LocaleCode[]];
export const defaultLocale: LocaleCode = "en";

export const Locale = z.enum(localeCodes);

export function localeInfo(code: LocaleCode): LocaleInfo {
  const info = locales.find((l) => l.code === code);
  if (!info) throw new Error(`Unknown locale "${code}"`);
  return info;
}

export function isLocaleCode(value: unknown): value is LocaleCode {
  return typeof value === "string" && (localeCodes as readonly string[]).includes(value);
}

/** Wording per locale, for labels that both the CMS and the site show. */
export type Translations = Record<LocaleCode, string>;
