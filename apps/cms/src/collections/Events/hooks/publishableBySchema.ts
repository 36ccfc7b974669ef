import { Event } from "@cica/schema";
import { idOf, idsOf, publishableBySchema } from "../../../fields/publishable";
import type { Row } from "../../../lib/rows";
import { bodyHtmlOf } from "./computeOnRead";

/**
 * The stored event as the site fetches it (`locale=all&depth=0`): ids for
 * relations, the zone beside the start, the body as HTML. A new event has no
 * id or dates yet; placeholders stand in, since the site never reads them
 * for anything that could fail.
 */
export function eventAsSiteReadsIt(doc: Row, id: string | undefined): Row {
  const now = new Date().toISOString();
  return {
    ...doc,
    id: id ?? "new",
    hosts: idsOf(doc.hosts),
    documents: idsOf(doc.documents),
    image: idOf(doc.image),
    timeZone: doc.startsAt_tz,
    bodyHtml: bodyHtmlOf(doc.body),
    // Computed on read, never stored or published.
    translationStatus: undefined,
    _status: "published",
    createdAt: doc.createdAt ?? now,
    updatedAt: now,
  };
}

/** A published event parses with the site's Event schema in every locale, whichever way it is published. */
export const publishableEvent = publishableBySchema({ schema: Event, toInput: eventAsSiteReadsIt, drafts: true });
