import { locales, type LocaleCode } from "@cica/schema";

/** One value per locale, made by `make`. */
export function byLocale<T>(make: (locale: LocaleCode) => T): Record<LocaleCode, T> {
  // Built from `locales`, so every LocaleCode has its entry.
  return Object.fromEntries(locales.map((l) => [l.code, make(l.code)])) as Record<LocaleCode, T>;
}
