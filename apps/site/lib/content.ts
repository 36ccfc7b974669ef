import * as z from "zod";
import { Event, Media, Organization, SiteSettings, parseDocument, type Snapshot } from "@cica/schema";

// Content is validated where it enters: every document on its own, so one bad
// translation names its document, locale and field, and all problems are
// reported together rather than one per build.

/** The site's content once validated: what every page model is made from. */
export interface Content {
  events: Event[];
  organizations: Organization[];
  media: Media[];
  settings: SiteSettings;
  fetchedAt: string;
}

export class ContentError extends Error {
  readonly lines: string[];
  /** The documents are valid, only their references or slugs clash. */
  readonly references: boolean;

  /** @param lines formatter lines, `events/<id> · ru · contacts[0].emails[1]: …` */
  constructor(lines: string[], { references = false }: { references?: boolean } = {}) {
    super(`The content cannot be published:\n  ${lines.join("\n  ")}`);
    this.name = "ContentError";
    this.lines = lines;
    this.references = references;
  }
}

function parseAll<S extends z.ZodType>(schema: S, collection: string, docs: readonly unknown[], lines: string[]): z.output<S>[] {
  const parsed: z.output<S>[] = [];
  for (const doc of docs) {
    const result = parseDocument(schema, collection, doc);
    if (result.ok) parsed.push(result.data);
    else lines.push(...result.lines);
  }
  return parsed;
}

/** Relations are ids (depth=0); a missing target is an editorial error worth stopping for. */
function checkReferences(events: Event[], organizations: Organization[], media: Media[], lines: string[]): void {
  const orgIds = new Set(organizations.map((o) => o.id));
  const mediaIds = new Set(media.map((m) => m.id));
  const slugs = new Map<string, string>();
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

/** A snapshot's documents, each validated on its own; throws ContentError naming every problem. */
export function validateContent(snapshot: Snapshot): Content {
  const lines: string[] = [];
  // The CMS query already asks for published events; a hand-made snapshot may hold drafts.
  const publishedEvents = snapshot.events.filter((doc) => !isDraft(doc));
  const events = parseAll(Event, "events", publishedEvents, lines);
  const organizations = parseAll(Organization, "organizations", snapshot.organizations, lines);
  const media = parseAll(Media, "media", snapshot.media, lines);
  const settingsResult = parseDocument(SiteSettings, "globals", {
    id: "site-settings",
    ...(typeof snapshot.settings === "object" ? snapshot.settings : {}),
  });
  if (!settingsResult.ok) lines.push(...settingsResult.lines);
  checkReferences(events, organizations, media, lines);
  if (lines.length || !settingsResult.ok) throw new ContentError(lines);
  return { events, organizations, media, settings: settingsResult.data, fetchedAt: snapshot.fetchedAt };
}

/**
 * The previous build's validated content with some events replaced: `changes`
 * maps an event id to its document as the CMS returns it now, or to null when
 * it is gone (deleted, unpublished). Only the new documents are validated —
 * the rest were when they entered — and references and slugs are checked
 * across the whole merged set, as a full build would.
 */
export function mergeEvents(content: Content, changes: Map<string, unknown>): Content {
  const lines: string[] = [];
  const incoming = [...changes.values()].filter((doc) => doc && !isDraft(doc));
  const parsed = parseAll(Event, "events", incoming, lines);
  if (lines.length) throw new ContentError(lines);
  const events = [...content.events.filter((e) => !changes.has(e.id)), ...parsed];
  checkReferences(events, content.organizations, content.media, lines);
  // The documents are valid; what they point at may simply be newer than `content` (an organisation or image added since).
  if (lines.length) throw new ContentError(lines, { references: true });
  return { ...content, events };
}

/** A document the CMS keeps as a draft (`_status: "draft"`): not published. */
export function isDraft(doc: unknown): boolean {
  return typeof doc === "object" && doc !== null && "_status" in doc && doc._status === "draft";
}
