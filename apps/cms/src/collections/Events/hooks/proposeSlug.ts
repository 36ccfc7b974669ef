import { ValidationError, type CollectionBeforeValidateHook, type PayloadRequest, type Where } from "payload";
import { defaultLocale } from "@cica/schema";
import { slugify } from "../../../lib/slug";

// Skipped when the slug is the one this event's stored document already has:
// the unique index then guarantees no other event has it, and the check is a
// whole-collection scan on FerretDB (slug is not pushed down, _id is).
async function isStoredSlug(req: PayloadRequest, id: unknown, slug: string): Promise<boolean> {
  if (id === undefined || id === null) return false;
  const stored = (await req.payload.db.findOne({ collection: "events", where: { id: { equals: id as string } }, select: { slug: true }, req })) as { slug?: string } | null;
  return stored?.slug === slug;
}

/**
 * Proposes the slug from the English title when the editor left it empty, and
 * refuses one another event already uses — with the field named, which the
 * database's duplicate-key error does not do on FerretDB (its E11000 reply has
 * no keyValue, so Payload reports "The following field is invalid: ").
 * The unique index stays as the backstop against races.
 */
export const proposeSlug: CollectionBeforeValidateHook = async ({ collection, data, originalDoc, req }) => {
  if (!data) return data;
  const current = (data.slug ?? originalDoc?.slug) as string | undefined;
  if (current) {
    data.slug = slugify(String(current));
  } else {
    const locale = req.locale ?? defaultLocale;
    const title = data.title ?? originalDoc?.title;
    const english =
      typeof title === "string" && locale === defaultLocale ? title : (title as Record<string, string> | undefined)?.[defaultLocale];
    // English first; otherwise the title being typed (slugify transliterates Cyrillic).
    const typed = typeof title === "string" ? title : undefined;
    const proposed = slugify(english ?? "") || slugify(typed ?? "");
    if (proposed) data.slug = proposed;
  }
  if (data.slug && !(await isStoredSlug(req, originalDoc?.id, data.slug as string))) {
    const where: Where = originalDoc?.id
      ? { and: [{ slug: { equals: data.slug } }, { id: { not_equals: originalDoc.id } }] }
      : { slug: { equals: data.slug } };
    const { totalDocs } = await req.payload.count({ collection: "events", where, req, overrideAccess: true });
    if (totalDocs > 0) {
      throw new ValidationError({
        collection: collection.slug,
        errors: [{ path: "slug", message: `slug [all languages]: "${data.slug}" is already the address of another event; choose another` }],
      });
    }
  }
  return data;
};
