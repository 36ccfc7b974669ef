import type { CollectionBeforeReadHook } from "payload";
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
 * translation status can compare languages and the body can be rendered to
 * HTML for each one; afterRead then narrows both to the requested locale.
 */
export const computeOnRead: CollectionBeforeReadHook = ({ doc }) => {
  // The stored document (every locale), not the generated one-locale Event: body is `{ en, ru, zh }` here.
  doc.bodyHtml = bodyHtmlOf(doc.body);
  doc.translationStatus = translationStatusOf(doc);
  return doc;
};
