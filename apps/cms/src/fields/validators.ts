import type { Validate } from "payload";
import { canonicalZone, defaultLocale, Email, isAllowedUrl, isInternationalPhone } from "@cica/schema";
import { fieldMessage } from "./messages";

// Payload validators built on the schema package's rules, so the CMS refuses
// exactly what the site would refuse, and says where.

type Check = (value: string) => string | null;

const urlCheck: Check = (v) =>
  isAllowedUrl(v.trim()) ? null : `"${v}" must be a full address starting with https://, http://, mailto: or tel:`;
const emailCheck: Check = (v) => (Email.safeParse(v.trim()).success ? null : `"${v}" must be an e-mail address such as name@example.org`);
const phoneCheck: Check = (v) =>
  isInternationalPhone(v) ? null : `"${v}" must be an international number starting with + and the country code, such as "+86-10-82268252"`;
// Any tz database name, old spellings included (they are saved in canonical form, hooks/placeWallClocks.ts).
const zoneCheck: Check = (v) =>
  canonicalZone(v) ? null : `"${v}" must be an IANA time zone such as "Asia/Shanghai" or "America/New_York"`;

function fromCheck(check: Check, localized = false): Validate {
  return (value, { req, path, required }) => {
    const values = (Array.isArray(value) ? value : [value]).filter((v) => v !== null && v !== undefined && v !== "");
    if (required && values.length === 0) return fieldMessage(req, path, localized, "is required");
    for (const item of values) {
      const problem = check(String(item));
      if (problem) return fieldMessage(req, path, localized, problem);
    }
    return true;
  };
}

export const validateUrl = fromCheck(urlCheck);
export const validateEmails = fromCheck(emailCheck);
export const validatePhones = fromCheck(phoneCheck);
export const validateTimeZone = fromCheck(zoneCheck);

/**
 * Translated text that must exist in the default language; the other
 * languages may still be empty (the site falls back to English and the
 * translation status lists the gap).
 */
export const requiredInDefaultLocale: Validate = (value, { req, path }) => {
  const locale = req.locale ?? defaultLocale;
  const empty = value === null || value === undefined || String(value).trim() === "";
  if (empty && (locale === defaultLocale || locale === "all")) {
    return fieldMessage(req, path, true, `is required in English (${defaultLocale}), the language every other one falls back to`);
  }
  return true;
};

export const requiredText: Validate = (value, { req, path }) =>
  value === null || value === undefined || String(value).trim() === "" ? fieldMessage(req, path, false, "is required") : true;
