import { ValidationError, type Field, type FieldHook, type FlattenedField, type PayloadRequest } from "payload";
import type * as z from "zod";
import { fieldIssues } from "@cica/schema";
import { isRow, rowOf, rowsOf, type Row } from "../lib/rows";
import { messageAt } from "./messages";

// One contract at the CMS's door (issue 9): whatever is published must parse
// with the schema the site builds from (@cica/schema), in every locale at once.
// Payload's own field validation sees one locale per save, so an event saved in
// Russian only could be published without an English title; the site would
// then refuse it. This check sees the document as it will be stored.
//
// It runs as the beforeChange hook of a hidden virtual field because that is
// the one place Payload hands a hook the document it is about to write in every
// locale (`siblingDocWithLocales`): the latest version on a save or a scheduled
// publish, the version being restored on a restore, nothing on a create.
// A collection hook only sees the saved locale.

/**
 * The document as it will be stored: the incoming data of `locale` laid over
 * the stored document's every locale. Array rows are matched by id, so a
 * contact's Russian name keeps its English one.
 */
export function withEveryLocale(fields: readonly FlattenedField[], stored: Row, incoming: Row, locale: string): Row {
  const out: Row = { ...stored };
  for (const [name, value] of Object.entries(incoming)) {
    const field = fields.find((f) => f.name === name);
    if (field && "localized" in field && field.localized) {
      out[name] = locale === "all" && isRow(value) ? { ...rowOf(stored[name]), ...value } : { ...rowOf(stored[name]), [locale]: value };
    } else if (field?.type === "array" && Array.isArray(value)) {
      const before = rowsOf(stored[name]);
      out[name] = value.map((row) =>
        isRow(row) ? withEveryLocale(field.flattenedFields, before.find((b) => row.id !== undefined && b.id === row.id) ?? {}, row, locale) : row,
      );
    } else if ((field?.type === "group" || field?.type === "tab") && isRow(value)) {
      out[name] = withEveryLocale(field.flattenedFields, rowOf(stored[name]), value, locale);
    } else {
      out[name] = value;
    }
  }
  // Dates and database ids as the REST API spells them (ISO strings, hex strings).
  return JSON.parse(JSON.stringify(out)) as Row;
}

/** An id from a relationship value: the id itself, or a populated document. */
export function idOf(value: unknown): string | null {
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (isRow(value)) return idOf(value.id ?? value.value);
  return null;
}

export const idsOf = (value: unknown): string[] | null =>
  Array.isArray(value) ? value.map(idOf).filter((id): id is string => id !== null) : null;

type Publishable<S extends z.ZodType> = {
  schema: S;
  /** The stored document (every locale, REST spelling) mapped to the schema's input: what the site would fetch. */
  toInput: (doc: Row, id: string | undefined) => unknown;
  /** Whether the write leaves the document published (collections and globals with drafts); without drafts every save is. */
  drafts: boolean;
};

/** Throws Payload's ValidationError (400) naming each field and locale the schema refuses. */
export function refuseUnlessValid<S extends z.ZodType>(schema: S, input: unknown, req: PayloadRequest, target: { collection?: string; global?: string; id?: string }): void {
  const result = schema.safeParse(input);
  if (result.success) return;
  const errors = fieldIssues(result.error).map(({ path, locale, message }) => {
    const text = messageAt(path || "(document)", locale ?? null, message);
    // Payload's path (the admin marks that field): "contacts.0.name", not "contacts[0].name". The label is
    // the whole sentence because ValidationError's own message lists labels, and that message is all a
    // scheduled publish's job keeps of the failure.
    return { path: path.replace(/\[(\d+)\]/g, ".$1") || "id", message: text, label: text };
  });
  throw new ValidationError({ ...target, errors, req }, req.t);
}

const publishedBySave = (data: Row, stored: Row): boolean => (data._status ?? stored._status) === "published";

/** The hidden field whose beforeChange hook holds a published document to the schema. */
export function publishableBySchema<S extends z.ZodType>({ schema, toInput, drafts }: Publishable<S>): Field {
  const check: FieldHook = ({ data, siblingDocWithLocales, req, collection, global, originalDoc }) => {
    const incoming = rowOf(data);
    const stored = rowOf(siblingDocWithLocales);
    if (drafts && !publishedBySave(incoming, stored)) return undefined;
    const fields = collection?.flattenedFields ?? global?.flattenedFields ?? [];
    const doc = withEveryLocale(fields, stored, incoming, req.locale ?? "en");
    const id = idOf(originalDoc?.id ?? stored.id) ?? undefined;
    refuseUnlessValid(schema, toInput(doc, id), req, { collection: collection?.slug, global: global?.slug, id });
    return undefined;
  };
  return {
    name: "publishable",
    type: "json",
    virtual: true,
    admin: { hidden: true, disableListColumn: true, disableListFilter: true },
    hooks: { beforeChange: [check] },
  };
}
