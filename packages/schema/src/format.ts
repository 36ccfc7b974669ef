import * as z from "zod";
import { isLocaleCode } from "./locales.js";

/** "contacts[0].emails[1]" from ["contacts", 0, "emails", 1]. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === "number") return `${out}[${key}]`;
    const name = String(key);
    return out ? `${out}.${name}` : name;
  }, "");
}

/**
 * Turns a validation failure into lines a person can act on:
 * `events/6543 · ru · contacts[0].emails[1]: must be an e-mail address …`.
 * A locale key in the path (`title.ru`) becomes the locale column.
 */
export function formatIssues(documentRef: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const locale = issue.path.find((key) => isLocaleCode(key));
    const path = fieldPath(issue.path.filter((key) => !isLocaleCode(key)));
    const where = [documentRef, locale, path || "(document)"].filter(Boolean).join(" · ");
    const message = issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message;
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
