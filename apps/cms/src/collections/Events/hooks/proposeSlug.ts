import { ValidationError, type CollectionBeforeValidateHook, type PayloadRequest, type Where } from "payload";
import { checkValue, defaultLocale, Slug } from "@cica/schema";
import { slugFromTitle } from "../../../lib/slug";
import type { Event } from "../../../payload-types";

// Skipped when the slug is the one this event's stored document already has:
// the unique index then guarantees no other event has it, and the check is a
// whole-collection scan on FerretDB (slug is not pushed down, _id is).
async function isStoredSlug(req: PayloadRequest, id: string | undefined, slug: string): Promise<boolean> {
  if (id === undefined || id === null) return false;
  const stored = await req.payload.db.findOne<Event>({ collection: "events", where: { id: { equals: id } }, select: { slug: true }, req });
  return stored?.slug === slug;
}

/** A 400 on the slug, naming it as every other field message does. */
function refuseSlug(collection: string, message: string): never {
  throw new ValidationError({ collection, errors: [{ path: "slug", message: `slug [all languages]: ${message}` }] });
}

/**
 * Proposes the slug from the English title when the editor left it empty
 * (ASCII, transliterated from Russian or Chinese when there is no English
 * title yet, at most `limits.slug` characters), refuses a typed slug that is
 * not one as it stands — drafts included, since Payload skips field
 * validation there — and refuses one another event already uses, with the
 * field named, which the database's duplicate-key error does not do on
 * FerretDB (its E11000 reply has no keyValue, so Payload reports "The
 * following field is invalid: "). The unique index stays as the backstop
 * against races.
 */
export const proposeSlug: CollectionBeforeValidateHook<Event> = async ({ collection, data, originalDoc, req }) => {
  if (!data) return data;
  const typed = data.slug;
  if (typed !== undefined && typed !== null && typed !== "") {
    // What the editor typed is kept or refused, never silently rewritten ("Upper Case/../x" is not "upper-casex").
    const problem = checkValue(Slug, typed);
    if (problem) refuseSlug(collection.slug, `"${String(typed)}" ${problem}`);
  } else if (originalDoc?.slug) {
    data.slug = originalDoc.slug;
  } else {
    const locale = req.locale ?? defaultLocale;
    const title = data.title ?? originalDoc?.title;
    // Cast: written with locale=all (the seed, duplicate), the title arrives as `{ en, ru, zh }`, which the one-locale type does not show.
    const english =
      typeof title === "string" && locale === defaultLocale ? title : (title as Record<string, string> | undefined)?.[defaultLocale];
    // English first; otherwise the title being typed, in whatever language.
    const typedTitle = typeof title === "string" ? title : undefined;
    const source = [english, typedTitle].find((t) => typeof t === "string" && t.trim() !== "");
    if (source) data.slug = slugFromTitle(source);
  }
  if (data.slug && !(await isStoredSlug(req, originalDoc?.id, data.slug))) {
    const where: Where = originalDoc?.id
      ? { and: [{ slug: { equals: data.slug } }, { id: { not_equals: originalDoc.id } }] }
      : { slug: { equals: data.slug } };
    const { totalDocs } = await req.payload.count({ collection: "events", where, req, overrideAccess: true });
    if (totalDocs > 0) refuseSlug(collection.slug, `"${data.slug}" is already the address of another event; choose another`);
  }
  return data;
};
