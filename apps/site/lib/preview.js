import { localeCodes } from "@cica/schema";
import { ContentError, mergeEvents, validateContent } from "./content.js";
import { DEFAULT_SITE_URL } from "./build.js";
import { renderToMemory } from "./render.js";
import { createSource, fetchSurroundings } from "./source.js";
import { loadState } from "./state.js";
import { outputFile, paths } from "./urls.js";
import { eventPageViews } from "./view.js";

// The draft preview: one event page, rendered by the real templates from a
// draft the CMS sends, with the organisations, media and settings of the live
// site. It is rendered to memory and returned; nothing is written anywhere.

const EMPTY_VIEWS = {
  chrome: {},
  homePages: [],
  indexPages: [],
  notFoundPages: [],
  rootPage: { languages: [], meta: { alternates: [] } },
  usedMedia: [],
  sitemap: [],
  sitemapUrl: "",
  upcomingByLocale: {},
  eventsByLocale: {},
};

/**
 * @param {object} input
 * @param {unknown} input.event   the draft as the CMS REST returns it (locale=all, depth=0, draft=true)
 * @param {unknown} input.locale
 * @param {object} input.content  validated content of the site (validateContent)
 * @param {string} input.siteUrl
 * @param {Date} [input.now]
 * @returns {Promise<{ ok: true, html: string } | { ok: false, field?: string, errors: string[], references?: boolean }>}
 */
export async function renderPreview({ event, locale, content, siteUrl, now = new Date() }) {
  if (!localeCodes.includes(locale)) return { ok: false, field: "locale", errors: [`locale: must be one of ${localeCodes.join(", ")} (got ${JSON.stringify(locale)})`] };
  if (!event || typeof event !== "object" || Array.isArray(event) || !event.id) return { ok: false, field: "event", errors: ["event: must be the draft event document, with its id"] };
  let merged;
  try {
    // Validated as if it were being published: what the preview shows is what publishing would show, or why it cannot.
    merged = mergeEvents(content, new Map([[String(event.id), { ...event, _status: "published" }]]));
  } catch (error) {
    if (error instanceof ContentError) return { ok: false, errors: error.lines, references: error.references };
    throw error;
  }
  const draft = merged.events.find((e) => e.id === String(event.id));
  const page = (await eventPageViews(merged, draft, { siteUrl, now })).find((p) => p.locale === locale);
  const preview = { ...page, preview: true, meta: { ...page.meta, robots: "noindex", baseHref: siteUrl.endsWith("/") ? siteUrl : `${siteUrl}/` } };
  const views = Object.freeze({ ...EMPTY_VIEWS, eventPages: [preview] });
  const outputs = await renderToMemory({ source: null, siteUrl, now, content: async () => merged, views: async () => views });
  const file = outputFile(paths.event(locale, draft.slug)).slice(1);
  const html = outputs.find((o) => o.file === file)?.content;
  if (!html) throw new Error(`the preview of ${file} was not rendered`);
  return { ok: true, html };
}

/**
 * Where the preview's surroundings come from: the live build's state (its
 * validated content), or else the CMS. `liveStateFile` is asked each time, so
 * a new build's content is used as soon as it is live.
 * @param {{ liveStateFile: () => Promise<string | undefined>, cmsUrl?: string, siteUrl: string, fetchImpl?: typeof fetch }} options
 */
export function createPreviewRenderer({ liveStateFile, cmsUrl, siteUrl = DEFAULT_SITE_URL, fetchImpl }) {
  async function currentContent() {
    const file = await liveStateFile();
    const state = file ? await loadState(file) : undefined;
    if (state) return state.content;
    if (!cmsUrl) return undefined;
    return validateContent(await createSource({ cmsUrl, fetchImpl }).snapshot());
  }
  return async ({ event, locale }) => {
    const content = await currentContent();
    if (!content) return { ok: false, unavailable: true, errors: ["there is no live site yet and no CMS to take the organisations, media and settings from"] };
    const result = await renderPreview({ event, locale, content, siteUrl });
    if (result.ok || !result.references || !cmsUrl) return result;
    // The draft may use an organisation or image added since the last build: ask the CMS for the current ones.
    const { organizations, media, settings } = validateContent(await fetchSurroundings(cmsUrl, { fetchImpl }));
    return renderPreview({ event, locale, content: { ...content, organizations, media, settings }, siteUrl });
  };
}
