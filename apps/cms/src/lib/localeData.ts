import type { Field } from "payload";
import { localeCodes, type LocaleCode } from "@cica/schema";
import { isRow, rowOf, rowsOf, type Row } from "./rows";

// Turns a document in the `locale=all` shape ({ en, ru, zh } per translated
// field) into the data for one locale, keeping array rows aligned by id so
// that the Russian text lands in the same row as the English one.

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
          if (tab.name in doc) out[tab.name] = dataForLocale(tab.fields, rowOf(doc[tab.name]), locale, rowOf(idsFrom?.[tab.name]));
        } else Object.assign(out, dataForLocale(tab.fields, doc, locale, idsFrom));
      }
      continue;
    }
    if (!("name" in field) || !field.name || field.type === "ui" || ("virtual" in field && field.virtual)) continue;
    const name = field.name;
    if (!(name in doc)) continue;
    const value = doc[name];
    if ("localized" in field && field.localized) {
      if (isRow(value) && localeCodes.some((c) => c in value)) {
        const own = value[locale];
        if (own !== undefined && own !== null) out[name] = own;
      }
      continue;
    }
    if (field.type === "group" && isRow(value)) {
      out[name] = dataForLocale(field.fields, value, locale, rowOf(idsFrom?.[name]));
      continue;
    }
    if (field.type === "array" && Array.isArray(value)) {
      const existing = rowsOf(idsFrom?.[name]);
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
