import * as z from "zod";
import { defaultLocale, localeCodes, type LocaleCode } from "./locales.js";

/**
 * A field as the CMS REST API returns it with `locale=all`: one value per
 * locale, any of which may be missing while translators are at work.
 */
export function localized<T extends z.ZodType>(value: T) {
  const shape = Object.fromEntries(localeCodes.map((code) => [code, value.nullish()])) as {
    [K in LocaleCode]: z.ZodOptional<z.ZodNullable<T>>;
  };
  return z.object(shape);
}

/** Like `localized`, but the default locale must be filled in. */
export function localizedRequired<T extends z.ZodType>(value: T) {
  return localized(value).extend({ [defaultLocale]: value } as { en: T });
}

export type Localized<T> = { [K in LocaleCode]?: T | null | undefined };

function isFilled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return value.trim().length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

export type Picked<T> = { value: T | undefined; locale: LocaleCode; fallback: boolean };

/**
 * The value for `locale`, or the default locale's when that translation is
 * missing, saying which one it is so the page can mark the language.
 */
export function pick<T>(field: Localized<T> | null | undefined, locale: LocaleCode): Picked<T> {
  const own = field?.[locale];
  if (isFilled(own)) return { value: own as T, locale, fallback: false };
  const fallback = field?.[defaultLocale];
  if (isFilled(fallback)) return { value: fallback as T, locale: defaultLocale, fallback: locale !== defaultLocale };
  return { value: undefined, locale, fallback: false };
}
