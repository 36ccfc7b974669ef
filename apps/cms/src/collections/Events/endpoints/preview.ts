import { NotFound, type Endpoint } from "payload";
import { defaultLocale, isLocaleCode, localeCodes } from "@cica/schema";
import { signedJsonPost } from "@cica/schema/signature";
import { userOf } from "../../../access/roles";
import { env } from "../../../lib/env";
import { escapeHtml } from "../../../lib/html";
import { fetchFailure } from "../../../lib/fetchFailure";

// The preview page comes from the CMS origin: it must not be able to act as
// the signed-in editor. `sandbox` gives it an opaque origin (no cookies, no
// credentialed API calls) while its own scripts still run.
const previewHeaders = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "x-robots-tag": "noindex",
  "content-security-policy": "sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox",
};

function page(status: number, title: string, lines: string[]) {
  const items = lines.map((line) => `<li>${escapeHtml(line)}</li>`).join("");
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem">
<h1 style="font-size:1.4rem">${escapeHtml(title)}</h1>${items ? `<ul>${items}</ul>` : ""}</body></html>`;
  return new Response(html, { status, headers: previewHeaders });
}

/**
 * GET /api/events/:id/preview?locale=ru — the draft as the public page would
 * show it, rendered by the real site templates in the build service
 * (POST {builder}/preview, signed like a notice). Signed-in staff only; the
 * draft is read with the user's own access, and nothing is written to the site.
 */
export const previewDraft: Endpoint = {
  path: "/:id/preview",
  method: "get",
  handler: async (req) => {
    if (!userOf(req)) return page(401, "Sign in to the CMS to preview drafts.", []);
    const locale = req.searchParams.get("locale") ?? defaultLocale;
    if (!isLocaleCode(locale)) return page(400, `Unknown language "${locale}"`, [`Choose one of ${localeCodes.join(", ")}.`]);
    const id = String(req.routeParams?.id ?? "");
    let event: unknown;
    try {
      event = await req.payload.findByID({ collection: "events", id, locale: "all", depth: 0, draft: true, req, overrideAccess: false });
    } catch (error) {
      // Cast: Payload's access-filtered findByID throws a plain APIError-like 404 as well as NotFound.
      if (error instanceof NotFound || (error as { status?: number }).status === 404)
        return page(404, "This event does not exist (or you may not see it).", []);
      throw error;
    }
    let response: Response;
    try {
      response = await signedJsonPost(`${env.builderUrl}/preview`, { event, locale }, env.buildHookSecret, {
        signal: AbortSignal.timeout(20_000),
      });
    } catch (error) {
      return page(502, "The preview could not be made: the build service did not answer.", [`${env.builderUrl}: ${fetchFailure(error)}`]);
    }
    const text = await response.text();
    if (response.ok) return new Response(text, { status: 200, headers: previewHeaders });
    if (response.status === 400) {
      return page(400, "This draft cannot be shown yet: fix these fields first.", linesOf(text));
    }
    return page(502, `The preview could not be made (build service answered ${response.status}).`, linesOf(text).slice(0, 20));
  },
};

/** The builder's 400 body: JSON with an `errors`/`lines` array, or plain text lines. */
function linesOf(text: string): string[] {
  try {
    // Cast: the build service's JSON, every member checked before use.
    const json = JSON.parse(text) as { errors?: unknown; lines?: unknown; error?: unknown };
    const list = json.errors ?? json.lines ?? (json.error ? [json.error] : undefined);
    // Cast: an error item is `{ message }` from the schema's formatter; anything else is shown as JSON.
    if (Array.isArray(list))
      return list.map((item) => (typeof item === "string" ? item : ((item as { message?: string })?.message ?? JSON.stringify(item))));
  } catch {
    // not JSON: plain lines
  }
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}
