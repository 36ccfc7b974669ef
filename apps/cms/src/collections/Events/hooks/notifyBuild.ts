import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, CollectionBeforeChangeHook, Field, PayloadRequest } from "payload";
import { defaultLocale, isLocaleCode, localeCodes, type LocaleCode } from "@cica/schema";
import { sharedFieldChanges } from "../../../access/translatorGuard";
import { sideEffectsEnabled } from "../../../lib/context";
import { queueBuildNotice } from "../../../pipeline/notice";
import type { Event } from "../../../payload-types";

// What the public site shows is the stored (main) document of a published
// event; drafts and autosaves live in versions only. So the site changes when
// the main document is written as published (publish, or an edit saved with
// Publish), when a published one is written back as a draft (unpublish), and
// when a published one is deleted. A draft save over a published event does
// not touch the main document and sends nothing.

type Before = { published: boolean; doc: Event | null };
const BEFORE = "cicaPublishedBefore";

function memo(req: PayloadRequest): Record<string, Before> {
  // Cast: req.context is Payload's untyped bag for one request; only this module reads or writes this key.
  return ((req.context[BEFORE] as Record<string, Before> | undefined) ??= {});
}

async function mainDocument(req: PayloadRequest, id: string): Promise<Event | null> {
  return req.payload.db.findOne<Event>({ collection: "events", where: { id: { equals: id } }, req });
}

/** Remembers whether the event was live before this write (the main document, not the latest draft). */
export const rememberPublishedState: CollectionBeforeChangeHook<Event> = async ({ operation, originalDoc, req, context }) => {
  if (operation !== "update" || !originalDoc?.id || !sideEffectsEnabled(context)) return;
  const main = await mainDocument(req, originalDoc.id);
  memo(req)[String(originalDoc.id)] = { published: main?._status === "published", doc: main };
};

/**
 * The languages whose pages change. A change saved in one translation that
 * touches no shared field changes that language only; anything else (English,
 * which the other languages fall back to, dates, places, hosts, a first
 * publish) changes every language.
 */
function affectedLocales(fields: Field[], req: PayloadRequest, data: Partial<Event> | undefined, before: Before | undefined): LocaleCode[] {
  const locale = req.locale;
  if (!before?.published || !before.doc || !data || !locale || !isLocaleCode(locale) || locale === defaultLocale) return [...localeCodes];
  try {
    return sharedFieldChanges(fields, { ...data }, { ...before.doc }).length === 0 ? [locale] : [...localeCodes];
  } catch {
    return [...localeCodes];
  }
}

export const notifyBuildAfterChange: CollectionAfterChangeHook<Event> = async ({ collection, doc, data, operation, req, context }) => {
  if (!sideEffectsEnabled(context)) return doc;
  const id = String(doc.id);
  const before = memo(req)[id];
  if (doc._status === "published") {
    const locales = operation === "create" ? [...localeCodes] : affectedLocales(collection.fields, req, data, before);
    await queueBuildNotice(req, {
      collection: "events",
      id,
      operation: before?.published ? "update" : "publish",
      locales,
      version: doc.updatedAt,
    });
    return doc;
  }
  if (operation === "update" && before?.published) {
    // A draft save leaves the main document published; an unpublish writes it as a draft.
    const main = await mainDocument(req, id);
    if (main?._status !== "published")
      await queueBuildNotice(req, { collection: "events", id, operation: "unpublish", version: main?.updatedAt ?? doc.updatedAt });
  }
  return doc;
};

export const notifyBuildAfterDelete: CollectionAfterDeleteHook<Event> = async ({ doc, req, context }) => {
  if (!sideEffectsEnabled(context) || doc?._status !== "published") return;
  await queueBuildNotice(req, { collection: "events", id: String(doc.id), operation: "delete", version: doc.updatedAt });
};
