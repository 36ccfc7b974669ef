import { APIError, type Endpoint, type PayloadRequest, type RequiredDataFromCollectionSlug } from "payload";
import { defaultLocale, limits, localeCodes } from "@cica/schema";
import { dataForLocale } from "../../../lib/localeData";
import { slugify } from "../../../lib/slug";
import { hasRole } from "../../../access/roles";

/** The slug for the next edition: "-2025" replaces a trailing year, or is added. */
async function freeSlug(req: PayloadRequest, slug: string, year: number): Promise<string> {
  // Room for the longest suffix ("-2025-50"), so the new address stays within the slug limit.
  const base = slugify(slug.replace(/-(19|20)\d{2}$/, ""), limits.slug - "-2025-50".length);
  for (let n = 0; n < 50; n++) {
    const candidate = n === 0 ? `${base}-${year}` : `${base}-${year}-${n + 1}`;
    const taken = await req.payload.count({ collection: "events", where: { slug: { equals: candidate } }, req, overrideAccess: true });
    if (taken.totalDocs === 0) return candidate;
  }
  throw new APIError("Could not find a free address for the new edition", 409);
}

/**
 * "Duplicate for a new edition": a yearly seminar is entered once and then
 * copied — texts, hosts, audience, contacts in every language — into a new
 * draft with its dates, status and address reset for the editor to fill in.
 */
export const duplicateEdition: Endpoint = {
  path: "/:id/duplicate-edition",
  method: "post",
  handler: async (req) => {
    if (!hasRole(req, "admin", "editor")) {
      return Response.json({ errors: [{ message: "Only editors and admins can start a new edition of an event." }] }, { status: 403 });
    }
    const id = String(req.routeParams?.id ?? "");
    const source = await req.payload.findByID({
      collection: "events",
      id,
      locale: "all",
      depth: 0,
      draft: true,
      req,
      overrideAccess: false,
    });
    const fields = req.payload.collections.events!.config.fields;
    const year = new Date().getUTCFullYear() + (Date.parse(String(source.startsAt)) > Date.now() ? 1 : 0);
    const slug = await freeSlug(req, String(source.slug), Math.max(year, new Date(String(source.startsAt)).getUTCFullYear() + 1));
    const reset: Record<string, unknown> = {
      slug,
      status: "scheduled",
      startsAt: null,
      endsAt: null,
      previousStartsAt: null,
      registrationDeadline: null,
      revision: 0,
    };
    // Cast: the new edition's dates are null until the editor sets them. Payload's generated type has
    // startsAt required because publishing needs it; a draft is not validated, and this is a draft.
    const editionDraft = (data: Record<string, unknown>) =>
      ({ ...data, ...reset, _status: "draft" }) as RequiredDataFromCollectionSlug<"events">;
    const all: Record<string, unknown> = { ...source, ...reset };
    delete all.id;
    // The new edition's own times, not the source's (an old updatedAt would read as a stale save).
    delete all.createdAt;
    delete all.updatedAt;
    let created = await req.payload.create({
      collection: "events",
      data: editionDraft(dataForLocale(fields, all, defaultLocale)),
      locale: defaultLocale,
      draft: true,
      depth: 0,
      req,
      overrideAccess: false,
    });
    for (const locale of localeCodes.filter((c) => c !== defaultLocale)) {
      created = await req.payload.update({
        collection: "events",
        id: created.id,
        data: editionDraft(dataForLocale(fields, all, locale, { ...created })),
        locale,
        draft: true,
        depth: 0,
        req,
        overrideAccess: false,
      });
    }
    return Response.json({ doc: { id: created.id, slug }, message: "New edition created as a draft" }, { status: 201 });
  },
};
