import type { CollectionBeforeReadHook, FieldHook } from "payload";
import { convertLexicalToHTML } from "@payloadcms/richtext-lexical/html";
import type { SerializedEditorState } from "@payloadcms/richtext-lexical/lexical";
import { localeCodes } from "@cica/schema";
import { isRow } from "../../../lib/rows";
import { translationStatusOf } from "../translationStatus";

function toHtml(state: unknown): string | null {
  if (!state || typeof state !== "object" || !("root" in state)) return null;
  // Cast: a stored body with a root is the editor's state; the field's own validation (fields/richText.ts) bounds it.
  const html = convertLexicalToHTML({ data: state as SerializedEditorState, disableContainer: true });
  return html.trim() ? html : null;
}

/** The body as HTML: per locale for a stored body (`{ en, ru, zh }`), or one editor state. */
export function bodyHtmlOf(body: unknown): Record<string, string | null> | string | null {
  if (isRow(body) && !("root" in body)) return Object.fromEntries(localeCodes.map((code) => [code, toHtml(body[code])]));
  return body ? toHtml(body) : null;
}

/**
 * Runs on the stored document, while it still holds every language, so the
 * translation status can compare languages; afterRead then narrows it to the
 * requested locale. The body's HTML is not made here (see bodyHtmlOnRead).
 */
export const computeOnRead: CollectionBeforeReadHook = ({ doc }) => {
  // The stored document (every locale), not the generated one-locale Event.
  doc.translationStatus = translationStatusOf(doc);
  return doc;
};

/**
 * The body as HTML, made from the body this read returns: only the requested
 * locale's (or its fallback's) for `locale=en`, every locale's for
 * `locale=all`, and not at all when `select` leaves bodyHtml out (Payload
 * skips the hooks of unselected fields; admin lists never ask for it).
 * Rendering every locale of every document in beforeRead cost each list
 * request three Lexical → HTML conversions per event. The body field comes
 * first, so its value here is already narrowed (and fallen back) to the locale.
 */
export const bodyHtmlOnRead: FieldHook = ({ siblingData }) => bodyHtmlOf(siblingData.body);
