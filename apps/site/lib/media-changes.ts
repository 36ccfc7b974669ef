import { Media, formatIssues } from "@cica/schema";
import { ContentError, type Content } from "./content.js";

// A partial build for images (issue 12): a changed media document, or one an event starts using that
// the previous build did not have, is fetched by id and merged into the previous content; only the
// events that show it are rendered again. Anything doubtful throws a ContentError marked
// `references`, which makes buildSite build everything (and report what is really wrong).

/** Media ids a raw (depth 0) event document refers to: its image and its documents. */
export function mediaReferences(doc: unknown): string[] {
  if (typeof doc !== "object" || doc === null) return [];
  const { image, documents } = doc as { image?: unknown; documents?: unknown };
  const ids = [image, ...(Array.isArray(documents) ? documents : [])];
  return ids.flatMap((id) => (typeof id === "string" && id ? [id] : []));
}

/** The content with these media documents replaced or added, each validated where it enters. */
export function mergeMedia(content: Content, docs: Map<string, unknown>): Content {
  if (docs.size === 0) return content;
  const lines: string[] = [];
  const parsed: Media[] = [];
  for (const [id, doc] of docs) {
    if (doc === null) {
      lines.push(`media/${id}: no longer in the CMS`);
      continue;
    }
    const result = Media.safeParse(doc);
    if (result.success) parsed.push(result.data);
    else lines.push(...formatIssues(`media/${id}`, result.error));
  }
  if (lines.length) throw new ContentError(lines, { references: true });
  return { ...content, media: [...content.media.filter((m) => !docs.has(m.id)), ...parsed] };
}

/** Ids of the events that show one of these media documents (as their image or among their documents). */
export function eventsShowing(content: Content, mediaIds: ReadonlySet<string>): string[] {
  return content.events
    .filter((event) => (event.image && mediaIds.has(event.image)) || event.documents.some((id) => mediaIds.has(id)))
    .map((event) => event.id);
}
