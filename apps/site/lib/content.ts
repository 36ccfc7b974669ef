import * as z from "zod";
import { BuildFailure, Event, Media, Organization, SiteSettings, parseDocument, type Snapshot } from "@cica/schema";

// Content is validated where it enters: every document on its own, so one bad
// translation names its document, locale and field, and all problems are
// reported together rather than one per build.
//
// One document that cannot be built never stops the others (issue 9,
// isolation): an event the schema refuses (written around the CMS, say), one
// whose hosts or image are missing, or one whose address another event already
// has, is left out and listed in `failures`. When the previous build had a good
// version of it, that version stays (`kept`), so its pages stay as they were.
// Only the site settings, which every page shows, stop the build.

/** The site's content once validated: what every page model is made from. */
export interface Content {
  events: Event[];
  organizations: Organization[];
  media: Media[];
  settings: SiteSettings;
  fetchedAt: string;
  /** Documents left out of this content, each with why; carried from build to build until fixed. */
  failures: BuildFailure[];
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

type Collection = BuildFailure["collection"];

/** A raw document's id as a string ("" when it has none): snapshots hold documents not validated yet. */
function documentId(doc: unknown): string {
  return typeof doc === "object" && doc !== null && "id" in doc ? String(doc.id) : "";
}

/** What a person recognises a document by: an event's slug, an organisation's English name, a file's name. */
function labelOf(doc: unknown): string | null {
  if (typeof doc !== "object" || doc === null) return null;
  if ("slug" in doc && typeof doc.slug === "string") return doc.slug;
  if ("filename" in doc && typeof doc.filename === "string") return doc.filename;
  if ("name" in doc && typeof doc.name === "object" && doc.name !== null && "en" in doc.name && typeof doc.name.en === "string")
    return doc.name.en;
  return null;
}

/** Failures by "collection/id"; the first reason recorded for a document comes first. */
class Failures {
  readonly byKey = new Map<string, BuildFailure>();

  add(collection: Collection, id: string, label: string | null, errors: string[], kept = false): void {
    const key = `${collection}/${id}`;
    const known = this.byKey.get(key);
    const all = [...(known?.errors ?? []), ...errors].slice(0, 50).map((line) => (line.length > 2000 ? `${line.slice(0, 1999)}…` : line));
    this.byKey.set(key, {
      collection,
      id: id || "?",
      label: (label ?? known?.label ?? null)?.slice(0, 300) ?? null,
      errors: all,
      kept: kept || Boolean(known?.kept),
    });
  }

  keep(collection: Collection, id: string): void {
    const known = this.byKey.get(`${collection}/${id}`);
    if (known) known.kept = true;
  }

  drop(collection: Collection, id: string): void {
    this.byKey.delete(`${collection}/${id}`);
  }

  list(): BuildFailure[] {
    return [...this.byKey.values()];
  }
}

/**
 * Each document parsed on its own. One the schema refuses is a failure; its
 * previous good version, when there is one that still parses, takes its place.
 */
function parseEach<S extends z.ZodType<{ id: string }>>(
  schema: S,
  collection: Collection,
  docs: readonly unknown[],
  previous: readonly z.output<S>[] | undefined,
  failures: Failures,
): z.output<S>[] {
  const parsed: z.output<S>[] = [];
  for (const doc of docs) {
    const result = parseDocument(schema, collection, doc);
    if (result.ok) {
      parsed.push(result.data);
      continue;
    }
    const id = documentId(doc);
    failures.add(collection, id, labelOf(doc), result.lines);
    const before = previous?.find((p) => p.id === id);
    // The previous build's version was valid then; the schema may have changed since.
    const again = before ? schema.safeParse(before) : undefined;
    if (again?.success) {
      parsed.push(again.data);
      failures.keep(collection, id);
    }
  }
  return parsed;
}

/** Why an event cannot be built with these organisations and files: a host, image or document that is not there. */
function referenceProblems(event: Event, orgIds: ReadonlySet<string>, mediaIds: ReadonlySet<string>): string[] {
  const ref = `events/${event.id}`;
  const lines: string[] = [];
  event.hosts.forEach((id, i) => {
    if (!orgIds.has(id)) lines.push(`${ref} · hosts[${i}]: organisation ${id} does not exist or is not published`);
  });
  if (event.image && !mediaIds.has(event.image)) lines.push(`${ref} · image: media ${event.image} does not exist`);
  event.documents.forEach((id, i) => {
    if (!mediaIds.has(id)) lines.push(`${ref} · documents[${i}]: media ${id} does not exist`);
  });
  return lines;
}

/**
 * The events that can be built together: each one's references resolve and its
 * slug is its own. The others become failures, replaced by their previous
 * version where that one can be built; the earlier event keeps a shared slug.
 */
function buildableTogether(
  events: readonly Event[],
  organizations: readonly Organization[],
  media: readonly Media[],
  previous: readonly Event[] | undefined,
  failures: Failures,
): Event[] {
  const orgIds = new Set(organizations.map((o) => o.id));
  const mediaIds = new Set(media.map((m) => m.id));
  const slugs = new Map<string, string>();
  const out: Event[] = [];
  const problemsOf = (event: Event): string[] => {
    const lines = referenceProblems(event, orgIds, mediaIds);
    const other = slugs.get(event.slug);
    if (other && other !== event.id) lines.push(`events/${event.id} · slug: "${event.slug}" is already used by events/${other}`);
    return lines;
  };
  for (const event of events) {
    const problems = problemsOf(event);
    if (problems.length === 0) {
      slugs.set(event.slug, event.id);
      out.push(event);
      continue;
    }
    failures.add("events", event.id, event.slug, problems);
    const before = previous?.find((p) => p.id === event.id);
    if (before && before !== event && problemsOf(before).length === 0) {
      slugs.set(before.slug, before.id);
      out.push(before);
      failures.keep("events", event.id);
    }
  }
  return out;
}

/**
 * A snapshot's documents, each validated on its own. Documents that cannot be
 * built are left out and listed in `failures` (their version in `previous`
 * stays, when it can be built); only invalid site settings throw ContentError.
 */
export function validateContent(snapshot: Snapshot, previous?: Content): Content {
  const failures = new Failures();
  // The CMS query already asks for published events; a hand-made snapshot may hold drafts.
  const publishedEvents = snapshot.events.filter((doc) => !isDraft(doc));
  const organizations = parseEach(Organization, "organizations", snapshot.organizations, previous?.organizations, failures);
  const media = parseEach(Media, "media", snapshot.media, previous?.media, failures);
  const parsedEvents = parseEach(Event, "events", publishedEvents, previous?.events, failures);
  const settingsResult = parseDocument(SiteSettings, "globals", {
    id: "site-settings",
    ...(typeof snapshot.settings === "object" ? snapshot.settings : {}),
  });
  if (!settingsResult.ok) throw new ContentError(settingsResult.lines);
  const events = buildableTogether(parsedEvents, organizations, media, previous?.events, failures);
  return { events, organizations, media, settings: settingsResult.data, fetchedAt: snapshot.fetchedAt, failures: failures.list() };
}

/**
 * The previous build's validated content with some events replaced: `changes`
 * maps an event id to its document as the CMS returns it now, or to null when
 * it is gone (deleted, unpublished). Only the new documents are validated —
 * the rest were when they entered — and references and slugs are checked
 * across the whole merged set, as a full build would. A changed event the
 * schema refuses keeps its previous version (or stays off the site) and is a
 * failure; a reference that does not resolve throws ContentError (`references`),
 * since what it points at may simply be newer than `content`: a full build decides.
 */
export function mergeEvents(content: Content, changes: Map<string, unknown>): Content {
  const failures = new Failures();
  // A state file written before failures were recorded has none.
  for (const failure of content.failures ?? []) {
    if (!(failure.collection === "events" && changes.has(failure.id)))
      failures.add(failure.collection, failure.id, failure.label ?? null, failure.errors, failure.kept);
  }
  const incoming = [...changes.values()].filter((doc) => doc && !isDraft(doc));
  const changed = content.events.filter((e) => changes.has(e.id));
  const parsed = parseEach(Event, "events", incoming, changed, failures);
  const events = [...content.events.filter((e) => !changes.has(e.id)), ...parsed];
  const lines: string[] = [];
  const orgIds = new Set(content.organizations.map((o) => o.id));
  const mediaIds = new Set(content.media.map((m) => m.id));
  const slugs = new Map<string, string>();
  for (const event of events) {
    lines.push(...referenceProblems(event, orgIds, mediaIds));
    const other = slugs.get(event.slug);
    if (other) lines.push(`events/${event.id} · slug: "${event.slug}" is already used by events/${other}`);
    else slugs.set(event.slug, event.id);
  }
  // The documents are valid; what they point at may simply be newer than `content` (an organisation or image added since).
  if (lines.length) throw new ContentError(lines, { references: true });
  return { ...content, events, failures: failures.list() };
}

/** A document the CMS keeps as a draft (`_status: "draft"`): not published. */
export function isDraft(doc: unknown): boolean {
  return typeof doc === "object" && doc !== null && "_status" in doc && doc._status === "draft";
}
