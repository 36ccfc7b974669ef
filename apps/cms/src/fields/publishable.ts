import { ValidationError, type Field, type FieldHook, type FlattenedField } from "payload";
import { issuesOf } from "@cica/schema";
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
 * contact's Russian name keeps its English one. Written here because
 * Payload's own merge (mergeLocalizedData, internal) takes data that already
 * holds every locale, and its beforeChange unflattening runs only after hooks.
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
        isRow(row)
          ? withEveryLocale(field.flattenedFields, before.find((b) => row.id !== undefined && b.id === row.id) ?? {}, row, locale)
          : row,
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

/** A zod schema of @cica/schema (the CMS does not depend on zod itself). */
type Schema = Parameters<typeof issuesOf>[0];

type Publishable = {
  schema: Schema;
  /** The stored document (every locale, REST spelling) mapped to the schema's input: what the site would fetch. */
  toInput: (doc: Row, id: string | undefined) => unknown;
  /** Whether the write leaves the document published (collections and globals with drafts); without drafts every save is. */
  drafts: boolean;
};

type Issue = { path: string; message: string; label: string };

/** The schema's problems with `input`, each naming field and locale ("title [en]: is required"), with Payload's path. */
export function contractIssues(schema: Schema, input: unknown): (Issue & { locale?: string })[] {
  return issuesOf(schema, input).map(({ path, locale, message }) => {
    const text = messageAt(path || "(document)", locale ?? null, message);
    // Payload's path (the admin marks that field): "contacts.0.name", not "contacts[0].name". The label is
    // the whole sentence because ValidationError's own message lists labels, and that message is all a
    // scheduled publish's job keeps of the failure.
    return { path: path.replace(/\[(\d+)\]/g, ".$1") || "id", message: text, label: text, ...(locale ? { locale } : {}) };
  });
}

const publishedBySave = (data: Row, stored: Row): boolean => (data._status ?? stored._status) === "published";

const isIssueList = (value: unknown): value is Issue[] =>
  Array.isArray(value) && value.every((v) => isRow(v) && typeof v.message === "string");

/**
 * The hidden field that holds a published document to the schema. Its hook
 * sees every locale; problems in the locale being saved (or shared by all) are
 * handed to the field's own `validate`, so they are reported together with
 * Payload's field errors. Problems in another locale, which no field
 * validation of this save can see, are refused at once with Payload's
 * ValidationError (400), each naming field and locale.
 */
export function publishableBySchema({ schema, toInput, drafts }: Publishable): Field {
  const check: FieldHook = ({ data, siblingDocWithLocales, req, collection, global, originalDoc }) => {
    const incoming = rowOf(data);
    const stored = rowOf(siblingDocWithLocales);
    if (drafts && !publishedBySave(incoming, stored)) return null;
    const fields = collection?.flattenedFields ?? global?.flattenedFields ?? [];
    const locale = req.locale ?? "en";
    const doc = withEveryLocale(fields, stored, incoming, locale);
    const id = idOf(originalDoc?.id ?? stored.id) ?? undefined;
    const issues = contractIssues(schema, toInput(doc, id));
    if (issues.some((issue) => issue.locale && issue.locale !== locale && locale !== "all")) {
      const errors = issues.map(({ path, message, label }) => ({ path, message, label }));
      throw new ValidationError({ collection: collection?.slug, global: global?.slug, id, errors, req }, req.t);
    }
    return issues;
  };
  return {
    name: "publishable",
    type: "json",
    virtual: true,
    label: { en: "What the site builds", ru: "Что собирает сайт", zh: "网站构建内容" },
    admin: { hidden: true, disableListColumn: true, disableListFilter: true },
    hooks: { beforeChange: [check] },
    validate: (value: unknown) => (isIssueList(value) && value.length > 0 ? value.map((issue) => issue.message).join("; ") : true),
  };
}
