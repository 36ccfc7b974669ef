import { defaultLocale, localeCodes, type LocaleCode, type TranslationStatus } from "@cica/schema";

// A translated field is "required" in a language when the default language
// has it: a translator's to-do list is exactly the English text not yet
// rendered in their language. The title is required everywhere.

type Row = Record<string, unknown>;
type PerLocale = Partial<Record<LocaleCode, unknown>> | null | undefined;

const topLevel = ["title", "summary", "venue", "city", "body", "contactIntro"] as const;
const lineLists = ["targetAudience", "objectives"] as const;

function filled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return value.trim().length > 0;
  if (typeof value === "object" && value && "root" in value) {
    // Lexical: an empty editor still has one empty paragraph.
    const root = (value as { root?: { children?: Array<{ children?: unknown[] }> } }).root;
    return Boolean(root?.children?.some((child) => (child.children?.length ?? 0) > 0));
  }
  return true;
}

function missingIn(locale: LocaleCode, name: string, field: PerLocale, alwaysRequired = false): string[] {
  const wanted = alwaysRequired || filled(field?.[defaultLocale]);
  return wanted && !filled(field?.[locale]) ? [name] : [];
}

export function translationStatusOf(doc: Row): TranslationStatus {
  const status: TranslationStatus = {};
  for (const locale of localeCodes) {
    const missing: string[] = [];
    for (const name of topLevel) missing.push(...missingIn(locale, name, doc[name] as PerLocale, name === "title"));
    for (const list of lineLists) {
      ((doc[list] ?? []) as Row[]).forEach((row, i) => missing.push(...missingIn(locale, `${list}[${i}]`, row.text as PerLocale)));
    }
    ((doc.contacts ?? []) as Row[]).forEach((row, i) => {
      missing.push(...missingIn(locale, `contacts[${i}].name`, row.name as PerLocale));
      missing.push(...missingIn(locale, `contacts[${i}].organization`, row.organization as PerLocale));
    });
    status[locale] = { complete: missing.length === 0, missing };
  }
  return status;
}
