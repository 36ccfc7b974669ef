import * as z from "zod";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { limits } from "./limits.js";

// Each validator carries a message a person can act on; the field and the
// locale are added by whoever reports it (see format.ts and the CMS hooks).

export function isTimeZone(value: string): boolean {
  if (!value.includes("/") && value !== "UTC") return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = z.string().refine(isTimeZone, { message: 'must be an IANA time zone such as "Asia/Shanghai" or "Europe/Moscow"' });

export const allowedUrlProtocols = ["http:", "https:", "mailto:", "tel:"] as const;

export function isAllowedUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (!(allowedUrlProtocols as readonly string[]).includes(url.protocol)) return false;
  if ((url.protocol === "http:" || url.protocol === "https:") && !url.hostname.includes(".") && url.hostname !== "localhost") {
    return false;
  }
  return true;
}

export const SafeUrl = z
  .string()
  .trim()
  .max(limits.url, { message: `must be at most ${limits.url} characters` })
  .refine(isAllowedUrl, {
    message: "must be a full address starting with https://, http://, mailto: or tel:",
  });

export const Email = z.email({ message: "must be an e-mail address such as name@example.org" });

/**
 * International phone numbers, kept exactly as the editor wrote them
 * ("+86-10-82268252"), because that is how visitors expect to read them.
 */
export function isInternationalPhone(value: string): boolean {
  const trimmed = value.trim();
  if (!trimmed.startsWith("+")) return false;
  if (!/^\+[\d\s().-]+$/.test(trimmed)) return false;
  const parsed = parsePhoneNumberFromString(trimmed);
  return Boolean(parsed?.isPossible());
}

export const PhoneNumber = z.string().trim().refine(isInternationalPhone, {
  message: 'must be an international number starting with + and the country code, such as "+86-10-82268252"',
});

/** The number as a tel: link target, digits only. */
export function phoneHref(value: string): string {
  return `tel:${value.replace(/[^\d+]/g, "")}`;
}

/** Returns null when the value passes, otherwise the schema's own message. */
export function checkValue(schema: z.ZodType, value: unknown): string | null {
  const result = schema.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? "is not valid");
}
