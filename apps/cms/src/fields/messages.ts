import type { PayloadRequest } from "payload";

/** "contacts[0].emails" from ["contacts", 0, "emails"]. */
export function fieldPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === "number" || /^\d+$/.test(String(key))) return `${out}[${key}]`;
    return out ? `${out}.${key}` : String(key);
  }, "");
}

/**
 * A validation message that says where the problem is: the field and, for a
 * translated field, the language — "title [ru]: is required" — because an
 * editor switching between three languages must know which one to fix.
 */
export function fieldMessage(req: PayloadRequest, path: readonly (string | number)[], localized: boolean, message: string): string {
  return messageAt(fieldPath(path), localized ? (req.locale ?? "en") : null, message);
}

/** The same wording for a field path already spelled out, and a locale (null: a field shared by all languages). */
export function messageAt(path: string, locale: string | null, message: string): string {
  return `${path} ${locale ? `[${locale}]` : "[all languages]"}: ${message}`;
}
