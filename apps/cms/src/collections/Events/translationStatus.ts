import { defaultLocale, localeCodes, type LocaleCode, type TranslationStatus } from "@cica/schema";
import { rowOf, rowsOf, type Row } from "../../lib/rows";

// A translated field is "required" in a language when the default language
// has it: a translator's to-do list is exactly the English text not yet
// rendered in their language. The title is required everywhere.

const topLevel = ["title", "summary", "venue", "city", "body", "contactIntro"] as const;
const lineLists = ["targetAudience", "objectives"] as const;

function filled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return value.trim().length > 0;
  if (typeof value === "object" && value && "root" in value) {
    // Lexical: an empty editor still has one empty paragraph.
    // Cast: a Lexical state (it has a root); only the children's lengths are read.
    const root = (value as { root?: { children?: Array<{ children?: unknown[] }> } }).root;
    return Boolean(root?.children?.some((child) => (child.children?.length ?? 0) > 0));
  }
  return true;
}

/** `field` is the stored value with every locale, `{ en, ru, zh }`. */
function missingIn(locale: LocaleCode, name: string, field: unknown, alwaysRequired = false): string[] {
  const perLocale = rowOf(field);
  const wanted = alwaysRequired || filled(perLocale[defaultLocale]);
  return wanted && !filled(perLocale[locale]) ? [name] : [];
}

export function translationStatusOf(doc: Row): TranslationStatus {
  const status: TranslationStatus = {};
  for (const locale of localeCodes) {
    const missing: string[] = [];
    for (const name of topLevel) missing.push(...missingIn(locale, name, doc[name], name === "title"));
    for (const list of lineLists) {
      rowsOf(doc[list]).forEach((row, i) => missing.push(...missingIn(locale, `${list}[${i}]`, row.text)));
    }
    rowsOf(doc.contacts).forEach((row, i) => {
      missing.push(...missingIn(locale, `contacts[${i}].name`, row.name));
      missing.push(...missingIn(locale, `contacts[${i}].organization`, row.organization));
    });
    status[locale] = { complete: missing.length === 0, missing };
  }
  return status;
}
