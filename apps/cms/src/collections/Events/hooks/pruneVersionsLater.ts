import { enforceMaxVersions, type CollectionAfterChangeHook, type Payload, type SanitizedCollectionConfig } from "payload";

/** How many versions (drafts, autosaves, publishes) each event keeps, newest first. */
export const MAX_VERSIONS_PER_EVENT = 50;
const AFTER_MS = 3000;

const pending = new Map<string, { payload: Payload; collection: SanitizedCollectionConfig }>();
let timer: NodeJS.Timeout | undefined;

/**
 * Payload's versions.maxPerDoc, applied a few seconds after the save instead
 * of inside it (Events sets maxPerDoc 0 and uses this): Payload's own pruning
 * is a query on the versions collection by parent, which FerretDB on SQLite
 * answers by reading every version of every event — about a third of a
 * publish's time with 1,000 events, spent before the editor gets an answer.
 * Same rule (Payload's enforceMaxVersions), once per event per burst of saves;
 * a CMS that stops before the timer just prunes at that event's next save.
 */
export const pruneVersionsLater: CollectionAfterChangeHook = ({ collection, doc, req }) => {
  pending.set(String(doc.id), { payload: req.payload, collection });
  timer ??= setTimeout(() => void pruneNow(), AFTER_MS);
  timer.unref?.();
  return doc;
};

export async function pruneNow(): Promise<void> {
  timer = undefined;
  const batch = [...pending];
  pending.clear();
  for (const [id, { payload, collection }] of batch) {
    // Logs its own errors and never throws.
    await enforceMaxVersions({ id, collection, payload, max: MAX_VERSIONS_PER_EVENT });
  }
}
