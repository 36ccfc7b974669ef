import type { Field } from "payload";
import { localeCodes, type LocaleCode } from "@cica/schema";

// Turns a document in the `locale=all` shape ({ en, ru, zh } per translated
// field) into the data for one locale, keeping array rows aligned by id so
// that the Russian text lands in the same row as the English one.

type Row = Record<string, unknown>;

export function dataForLocale(fields: Field[], doc: Row, locale: LocaleCode, idsFrom?: Row | null): Row {
  const out: Row = {};
  for (const field of fields) {
    if (field.type === "row" || field.type === "collapsible") {
      Object.assign(out, dataForLocale(field.fields, doc, locale, idsFrom));
      continue;
    }
    if (field.type === "tabs") {
      for (const tab of field.tabs) {
        if ("name" in tab && tab.name) {
          if (tab.name in doc) out[tab.name] = dataForLocale(tab.fields, (doc[tab.name] ?? {}) as Row, locale, idsFrom?.[tab.name] as Row);
        } else Object.assign(out, dataForLocale(tab.fields, doc, locale, idsFrom));
      }
      continue;
    }
    if (!("name" in field) || !field.name || field.type === "ui" || ("virtual" in field && field.virtual)) continue;
    const name = field.name;
    if (!(name in doc)) continue;
    const value = doc[name];
    if ("localized" in field && field.localized) {
      const perLocale = value as Partial<Record<LocaleCode, unknown>> | null;
      if (perLocale && typeof perLocale === "object" && localeCodes.some((c) => c in perLocale)) {
        const own = perLocale[locale];
        if (own !== undefined && own !== null) out[name] = own;
      }
      continue;
    }
    if (field.type === "group" && value && typeof value === "object") {
      out[name] = dataForLocale(field.fields, value as Row, locale, idsFrom?.[name] as Row);
      continue;
    }
    if (field.type === "array" && Array.isArray(value)) {
      const existing = (idsFrom?.[name] ?? []) as Row[];
      out[name] = value.map((row: Row, i) => {
        const rowData = dataForLocale(field.fields, row, locale, existing[i]);
        const id = existing[i]?.id;
        return id ? { ...rowData, id } : rowData;
      });
      continue;
    }
    out[name] = value;
  }
  return out;
}
