import { Event, Media, Organization, SiteSettings, parseDocument } from "@cica/schema";

// Content is validated where it enters: every document on its own, so one bad
// translation names its document, locale and field, and all problems are
// reported together rather than one per build.

export class ContentError extends Error {
  /**
   * @param {string[]} lines formatter lines, `events/<id> · ru · contacts[0].emails[1]: …`
   * @param {{ references?: boolean }} [options] references: the documents are valid, only their references or slugs clash
   */
  constructor(lines, { references = false } = {}) {
    super(`The content cannot be published:\n  ${lines.join("\n  ")}`);
    this.name = "ContentError";
    this.lines = lines;
    this.references = references;
  }
}

function parseAll(schema, collection, docs, lines) {
  const parsed = [];
  for (const doc of docs) {
    const result = parseDocument(schema, collection, doc);
    if (result.ok) parsed.push(result.data);
    else lines.push(...result.lines);
  }
  return parsed;
}

/** Relations are ids (depth=0); a missing target is an editorial error worth stopping for. */
function checkReferences(events, organizations, media, lines) {
  const orgIds = new Set(organizations.map((o) => o.id));
  const mediaIds = new Set(media.map((m) => m.id));
  const slugs = new Map();
  for (const event of events) {
    const ref = `events/${event.id}`;
    event.hosts.forEach((id, i) => {
      if (!orgIds.has(id)) lines.push(`${ref} · hosts[${i}]: organisation ${id} does not exist or is not published`);
    });
    if (event.image && !mediaIds.has(event.image)) lines.push(`${ref} · image: media ${event.image} does not exist`);
    event.documents.forEach((id, i) => {
      if (!mediaIds.has(id)) lines.push(`${ref} · documents[${i}]: media ${id} does not exist`);
    });
    const other = slugs.get(event.slug);
    if (other) lines.push(`${ref} · slug: "${event.slug}" is already used by events/${other}`);
    else slugs.set(event.slug, event.id);
  }
}

/** @returns {{events: Event[], organizations: Organization[], media: Media[], settings: SiteSettings, fetchedAt: string}} */
export function validateContent(snapshot) {
  const lines = [];
  // The CMS query already asks for published events; a hand-made snapshot may hold drafts.
  const publishedEvents = snapshot.events.filter((doc) => doc?._status !== "draft");
  const events = parseAll(Event, "events", publishedEvents, lines);
  const organizations = parseAll(Organization, "organizations", snapshot.organizations, lines);
  const media = parseAll(Media, "media", snapshot.media, lines);
  const settingsResult = parseDocument(SiteSettings, "globals", { id: "site-settings", ...(snapshot.settings ?? {}) });
  if (!settingsResult.ok) lines.push(...settingsResult.lines);
  checkReferences(events, organizations, media, lines);
  if (lines.length) throw new ContentError(lines);
  return { events, organizations, media, settings: settingsResult.data, fetchedAt: snapshot.fetchedAt };
}

/**
 * The previous build's validated content with some events replaced: `changes`
 * maps an event id to its document as the CMS returns it now, or to null when
 * it is gone (deleted, unpublished). Only the new documents are validated —
 * the rest were when they entered — and references and slugs are checked
 * across the whole merged set, as a full build would.
 * @param {ReturnType<typeof validateContent>} content
 * @param {Map<string, object | null>} changes
 */
export function mergeEvents(content, changes) {
  const lines = [];
  const incoming = [...changes.values()].filter((doc) => doc && doc._status !== "draft");
  const parsed = parseAll(Event, "events", incoming, lines);
  if (lines.length) throw new ContentError(lines);
  const events = [...content.events.filter((e) => !changes.has(e.id)), ...parsed];
  checkReferences(events, content.organizations, content.media, lines);
  // The documents are valid; what they point at may simply be newer than `content` (an organisation or image added since).
  if (lines.length) throw new ContentError(lines, { references: true });
  return { ...content, events };
}
