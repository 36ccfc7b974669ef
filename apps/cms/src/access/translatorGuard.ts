import { APIError, type Field, type PayloadRequest } from "payload";
import { isLocaleCode } from "@cica/schema";
import { userOf } from "./roles";
import { isRow, rowOf, rowsOf, type Row } from "../lib/rows";

/** 403 with the reason in words, so a translator (or a script) knows what to do. */
export class ForbiddenChange extends APIError {
  constructor(message: string) {
    super(message, 403, undefined, true);
    this.name = "Forbidden";
  }
}

// Fields the CMS sets itself, or that are computed on read.
// Upload URLs are derived from the file on every read (a new file shows up in filename, mimeType, filesize).
const systemFields = new Set([
  "id",
  "createdAt",
  "updatedAt",
  "_status",
  "timeZone",
  "revision",
  "translationStatus",
  "bodyHtml",
  "url",
  "thumbnailURL",
  "sizes",
]);

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
}

/** Relationship values arrive as ids or as populated documents; dates as strings or Dates. */
function normalise(value: unknown): unknown {
  if (isEmpty(value)) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalise);
  if (isRow(value)) {
    const record = value;
    if ("relationTo" in record && "value" in record) return { relationTo: record.relationTo, value: normalise(record.value) };
    if ("id" in record && ("createdAt" in record || "filename" in record)) return String(record.id);
    return Object.fromEntries(
      Object.entries(record)
        .filter(([, v]) => !isEmpty(v))
        .map(([k, v]) => [k, normalise(v)]),
    );
  }
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const time = Date.parse(value);
    if (!Number.isNaN(time)) return new Date(time).toISOString();
  }
  return value;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

/** Names of non-localised fields the incoming data changes, as "contacts[0].phones". */
export function sharedFieldChanges(fields: Field[], data: Row, original: Row, prefix = ""): string[] {
  const changed: string[] = [];
  for (const field of fields) {
    if (field.type === "row" || field.type === "collapsible" || (field.type === "tabs" && false)) {
      changed.push(...sharedFieldChanges(field.fields, data, original, prefix));
      continue;
    }
    if (field.type === "tabs") {
      for (const tab of field.tabs) {
        if ("name" in tab && tab.name) {
          if (tab.localized || !(tab.name in data)) continue;
          changed.push(...sharedFieldChanges(tab.fields, rowOf(data[tab.name]), rowOf(original[tab.name]), `${prefix}${tab.name}.`));
        } else {
          changed.push(...sharedFieldChanges(tab.fields, data, original, prefix));
        }
      }
      continue;
    }
    if (!("name" in field) || !field.name || field.type === "ui") continue;
    const name = field.name;
    if (!(name in data) || systemFields.has(name) || ("virtual" in field && field.virtual)) continue;
    if ("localized" in field && field.localized) continue;
    const path = `${prefix}${name}`;
    if (field.type === "group") {
      changed.push(...sharedFieldChanges(field.fields, rowOf(data[name]), rowOf(original[name]), `${path}.`));
      continue;
    }
    if (field.type === "array") {
      const rows = rowsOf(data[name]);
      const before = rowsOf(original[name]);
      const rowIds = rows.map((r) => r.id ?? null);
      const beforeIds = before.map((r) => r.id ?? null);
      // Adding, removing or reordering rows changes every language at once.
      if (JSON.stringify(rowIds) !== JSON.stringify(beforeIds)) {
        changed.push(path);
        continue;
      }
      rows.forEach((row, i) => changed.push(...sharedFieldChanges(field.fields, row, before[i] ?? {}, `${path}[${i}].`)));
      continue;
    }
    if (!same(data[name], original[name])) changed.push(path);
  }
  return changed;
}

type GuardArgs = {
  req: PayloadRequest;
  fields: Field[];
  data: Row;
  originalDoc?: Row | null;
  operation: "create" | "update";
  label: string;
};

/**
 * Translators may change localised fields, in their assigned languages, as
 * drafts. Everything else is refused with the reason, whatever client sends it.
 */
export function guardTranslatorChange({ req, fields, data, originalDoc, operation, label }: GuardArgs): void {
  const user = userOf(req);
  if (user?.role !== "translator") return;
  const assigned = user.locales ?? [];
  const locale = req.locale;
  if (operation === "create") {
    throw new ForbiddenChange(`Translators cannot create ${label}; ask an editor to create it, then translate it.`);
  }
  if (!locale || !isLocaleCode(locale)) {
    throw new ForbiddenChange(
      `Translators save one language at a time; choose one of your languages (${assigned.join(", ") || "none assigned"}).`,
    );
  }
  if (!assigned.includes(locale)) {
    throw new ForbiddenChange(
      `You may translate only into ${assigned.join(", ") || "no language yet (ask an admin to assign yours)"}; this change is in "${locale}".`,
    );
  }
  const changed = sharedFieldChanges(fields, data, originalDoc ?? {});
  if (changed.length) {
    throw new ForbiddenChange(
      `Translators may change only translated texts; these fields are shared by all languages and belong to editors: ${changed.join(", ")}.`,
    );
  }
}

/** What Payload passes to beforeOperation for an update or a version restore (collections and globals alike). */
type WriteArgs = { draft?: boolean; data?: Row; unpublishAllLocales?: boolean };

/**
 * On documents with drafts, what visitors see is the stored (main) document;
 * a translator's work goes into draft versions only. Any write that reaches
 * the main document — publishing, unpublishing (`_status: "draft"` without
 * `draft=true`), a plain save, restoring a version — is an editor's, whatever
 * client sends it (REST, GraphQL, the admin, a scheduled job).
 */
export function refuseTranslatorLiveChange(req: PayloadRequest, operation: string, operationArgs: object): void {
  if (userOf(req)?.role !== "translator") return;
  const args: WriteArgs = operationArgs;
  if (operation === "restoreVersion") {
    throw new ForbiddenChange("Translators cannot restore versions; ask an editor.");
  }
  if (operation !== "update") return;
  if (!args.draft || args.data?._status === "published" || args.unpublishAllLocales) {
    throw new ForbiddenChange("Translators save drafts; an editor publishes and unpublishes. Save your translation as a draft.");
  }
}
