import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, GlobalAfterChangeHook, PayloadRequest, Where } from "payload";
import { sideEffectsEnabled } from "../lib/context";
import { queueBuildNotice } from "./notice";

// Organisations and media files reach the site only through published events
// (hosts, image, documents; an organisation's logo through its events), so a
// change to one that no published event uses changes nothing visible.

const published: Where = { _status: { equals: "published" } };

async function publishedEventsWhere(req: PayloadRequest, where: Where): Promise<number> {
  const { totalDocs } = await req.payload.count({ collection: "events", where: { and: [published, where] }, req, overrideAccess: true });
  return totalDocs;
}

export async function organizationIsShown(req: PayloadRequest, id: string): Promise<boolean> {
  return (await publishedEventsWhere(req, { hosts: { in: [id] } })) > 0;
}

export async function mediaIsShown(req: PayloadRequest, id: string): Promise<boolean> {
  if ((await publishedEventsWhere(req, { or: [{ image: { equals: id } }, { documents: { in: [id] } }] })) > 0) return true;
  const { docs } = await req.payload.find({
    collection: "organizations",
    where: { logo: { equals: id } },
    depth: 0,
    limit: 100,
    pagination: false,
    select: {},
    req,
    overrideAccess: true,
  });
  for (const organization of docs) if (await organizationIsShown(req, String(organization.id))) return true;
  return false;
}

type IsShown = (req: PayloadRequest, id: string) => Promise<boolean>;

export const notifyBuildWhenShown = (collection: "organizations" | "media", isShown: IsShown) => {
  const afterChange: CollectionAfterChangeHook = async ({ doc, operation, req, context }) => {
    // A new document is used by nothing yet; the event that starts using it sends its own notice.
    if (operation === "create" || !sideEffectsEnabled(context)) return doc;
    if (await isShown(req, String(doc.id)))
      await queueBuildNotice(req, { collection, id: String(doc.id), operation: "update", version: doc.updatedAt });
    return doc;
  };
  const afterDelete: CollectionAfterDeleteHook = async ({ doc, req, context }) => {
    if (!sideEffectsEnabled(context)) return;
    if (await isShown(req, String(doc.id)))
      await queueBuildNotice(req, { collection, id: String(doc.id), operation: "delete", version: doc.updatedAt });
  };
  return { afterChange, afterDelete };
};

/**
 * Site settings (name, banner, footer) are on every page. A draft save writes
 * a version only (the site reads the published settings), so it sends nothing;
 * publishing does. Unpublishing is refused (globals/SiteSettings.ts).
 */
export const notifyBuildOnSettings: GlobalAfterChangeHook = async ({ doc, global, req, context }) => {
  if (doc?._status === "draft") return doc;
  if (sideEffectsEnabled(context))
    await queueBuildNotice(req, { collection: global.slug, id: global.slug, operation: "update", version: doc?.updatedAt });
  return doc;
};
