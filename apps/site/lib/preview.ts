import { isLocaleCode, localeCodes } from "@cica/schema";
import { DEFAULT_SITE_URL } from "./build.js";
import { processCaches, type SiteCaches } from "./caches.js";
import { ContentError, mergeEvents, validateContent, type Content } from "./content.js";
import { preparedBuildData } from "./data.js";
import { renderToMemory } from "./render.js";
import { createSource, fetchSurroundings, type FetchImpl } from "./source.js";
import { outputFile, paths } from "./urls.js";
import { EMPTY_VIEWS, eventPageViews } from "./view/index.js";

// The draft preview: one event page, rendered by the real templates from a
// draft the CMS sends, with the organisations, media and settings of the live
// site. It is rendered to memory and returned; nothing is written anywhere.

export type PreviewResult =
  { ok: true; html: string } | { ok: false; field?: string; errors: string[]; references?: boolean; unavailable?: boolean };

export interface PreviewInput {
  /** The draft as the CMS REST returns it (locale=all, depth=0, draft=true). */
  event: unknown;
  locale: unknown;
  /** Validated content of the site (validateContent). */
  content: Content;
  siteUrl: string;
  now?: Date;
  caches?: SiteCaches;
}

export async function renderPreview({
  event,
  locale,
  content,
  siteUrl,
  now = new Date(),
  caches = processCaches,
}: PreviewInput): Promise<PreviewResult> {
  if (!isLocaleCode(locale))
    return { ok: false, field: "locale", errors: [`locale: must be one of ${localeCodes.join(", ")} (got ${JSON.stringify(locale)})`] };
  if (!event || typeof event !== "object" || Array.isArray(event) || !("id" in event) || !event.id) {
    return { ok: false, field: "event", errors: ["event: must be the draft event document, with its id"] };
  }
  const id = String(event.id);
  let merged;
  try {
    // Validated as if it were being published: what the preview shows is what publishing would show, or why it cannot.
    merged = mergeEvents(content, new Map([[id, { ...event, _status: "published" }]]));
  } catch (error) {
    if (error instanceof ContentError) return { ok: false, errors: error.lines, references: error.references };
    throw error;
  }
  // A draft the schema refuses is a failure of the merge (the live version stays in `merged`): show why instead.
  const refused = merged.failures.find((f) => f.collection === "events" && f.id === id);
  if (refused) return { ok: false, errors: refused.errors, references: false };
  const draft = merged.events.find((e) => e.id === id);
  const page = draft && (await eventPageViews(merged, draft, { siteUrl, now, caches })).find((p) => p.locale === locale);
  if (!draft || !page) throw new Error(`the draft events/${id} has no page in ${locale}`);
  const preview = {
    ...page,
    preview: true,
    meta: { ...page.meta, robots: "noindex", baseHref: siteUrl.endsWith("/") ? siteUrl : `${siteUrl}/` },
  };
  const views = { ...EMPTY_VIEWS, eventPages: [preview] };
  const outputs = await renderToMemory(preparedBuildData({ source: null, siteUrl, now, caches }, merged, views));
  const file = outputFile(paths.event(locale, draft.slug)).slice(1);
  const html = outputs.find((o) => o.file === file)?.content;
  if (!html) throw new Error(`the preview of ${file} was not rendered`);
  return { ok: true, html };
}

export interface PreviewRendererOptions {
  /** The live build's state file, asked each time, so a new build's content is used as soon as it is live. */
  liveStateFile: () => Promise<string | undefined>;
  cmsUrl?: string;
  siteUrl?: string;
  fetchImpl?: FetchImpl;
  caches?: SiteCaches;
}

/**
 * Where the preview's surroundings come from: the live build's state (its
 * validated content), or else the CMS.
 */
export function createPreviewRenderer({
  liveStateFile,
  cmsUrl,
  siteUrl = DEFAULT_SITE_URL,
  fetchImpl,
  caches = processCaches,
}: PreviewRendererOptions) {
  async function currentContent(): Promise<Content | undefined> {
    const file = await liveStateFile();
    const state = file ? await caches.states.load(file) : undefined;
    if (state) return state.content;
    if (!cmsUrl) return undefined;
    return validateContent(await createSource({ cmsUrl, fetchImpl }).snapshot());
  }
  return async ({ event, locale }: { event: unknown; locale: unknown }): Promise<PreviewResult> => {
    const content = await currentContent();
    if (!content)
      return {
        ok: false,
        unavailable: true,
        errors: ["there is no live site yet and no CMS to take the organisations, media and settings from"],
      };
    const result = await renderPreview({ event, locale, content, siteUrl, caches });
    if (result.ok || !result.references || !cmsUrl) return result;
    // The draft may use an organisation or image added since the last build: ask the CMS for the current ones.
    const { organizations, media, settings } = validateContent(await fetchSurroundings(cmsUrl, { fetchImpl }));
    return renderPreview({ event, locale, content: { ...content, organizations, media, settings }, siteUrl, caches });
  };
}
