import type { CollectionBeforeReadHook } from "payload";
import { convertLexicalToHTML } from "@payloadcms/richtext-lexical/html";
import type { SerializedEditorState } from "@payloadcms/richtext-lexical/lexical";
import { localeCodes, type LocaleCode } from "@cica/schema";
import { translationStatusOf } from "../translationStatus";

function toHtml(state: unknown): string | null {
  if (!state || typeof state !== "object" || !("root" in state)) return null;
  const html = convertLexicalToHTML({ data: state as SerializedEditorState, disableContainer: true });
  return html.trim() ? html : null;
}

/**
 * Runs on the stored document, while it still holds every language, so the
 * translation status can compare languages and the body can be rendered to
 * HTML for each one; afterRead then narrows both to the requested locale.
 */
export const computeOnRead: CollectionBeforeReadHook = ({ doc }) => {
  const body = doc.body as Partial<Record<LocaleCode, unknown>> | null | undefined;
  const perLocale = body && typeof body === "object" && !("root" in body);
  doc.bodyHtml = perLocale
    ? Object.fromEntries(localeCodes.map((code) => [code, toHtml(body[code])]))
    : body
      ? toHtml(body)
      : null;
  doc.translationStatus = translationStatusOf(doc);
  return doc;
};
