import * as z from "zod";
import { isLocaleCode, type LocaleCode } from "./locales.js";

/** "contacts[0].emails[1]" from ["contacts", 0, "emails", 1]. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === "number") return `${out}[${key}]`;
    const name = String(key);
    return out ? `${out}.${name}` : name;
  }, "");
}

/** One problem of a document: the field ("contacts[0].emails[1]"), the locale when the field is translated, and what is wrong. */
export type FieldIssue = { path: string; locale?: LocaleCode; message: string };

/**
 * The problems of a validation failure, one per field and locale. A locale key
 * in the path (`title.ru`) becomes the locale; a missing, null or empty value
 * is "is required" rather than zod's description of the type.
 */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const locale = issue.path.find((key) => isLocaleCode(key));
    const path = fieldPath(issue.path.filter((key) => !isLocaleCode(key)));
    // zod leaves the input out of its issues; its own wording says what was received, when it was
    // something (a custom message, "must be a date and time", says nothing: the value is missing).
    const missing =
      (issue.code === "invalid_type" && !/received (?!undefined$|null$)\w+$/.test(issue.message)) ||
      (issue.code === "too_small" && issue.origin === "string" && issue.minimum === 1);
    return { path, ...(locale ? { locale } : {}), message: missing ? "is required" : issue.message };
  });
}

/** The problems `schema` finds in `value`, one per field and locale; none when it parses. */
export function issuesOf(schema: z.ZodType, value: unknown): FieldIssue[] {
  const result = schema.safeParse(value);
  return result.success ? [] : fieldIssues(result.error);
}

/**
 * Turns a validation failure into lines a person can act on:
 * `events/6543 · ru · contacts[0].emails[1]: must be an e-mail address …`.
 */
export function formatIssues(documentRef: string, error: z.ZodError): string[] {
  return fieldIssues(error).map(({ path, locale, message }) => {
    const where = [documentRef, locale, path || "(document)"].filter(Boolean).join(" · ");
    return `${where}: ${message}`;
  });
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; lines: string[] };

/** Validates one document where it enters, naming it by collection and id. */
export function parseDocument<S extends z.ZodType>(schema: S, collection: string, doc: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(doc);
  if (result.success) return { ok: true, data: result.data };
  const id = typeof doc === "object" && doc && "id" in doc ? String((doc as { id: unknown }).id) : "?";
  return { ok: false, lines: formatIssues(`${collection}/${id}`, result.error) };
}
