import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as z from "zod";
import { formatIssues, localeCodes, type LocaleCode } from "@cica/schema";

// Interface wording, one dictionary per locale. The English dictionary defines
// the keys; every other locale must have exactly the same ones, so a missing
// translation fails the build (and the test) instead of showing a blank.

const dictionaryDir = fileURLToPath(new URL("../src/_i18n/", import.meta.url));

/** The interface strings of one locale, keyed as in the English dictionary. */
export type Messages = Record<keyof typeof import("../src/_i18n/en.json"), string>;

/** A locale's dictionary file as written (checked by checkDictionaries). */
export function readDictionary(locale: string): Record<string, unknown> {
  return z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(`${dictionaryDir}${locale}.json`, "utf8")));
}

const reference = readDictionary("en");
export const Dictionary = z.strictObject(Object.fromEntries(Object.keys(reference).map((key) => [key, z.string().trim().min(1)])));

/** Checks every locale's dictionary; returns formatter lines, empty when all are complete. */
export function checkDictionaries(read: (locale: string) => unknown = readDictionary): string[] {
  return localeCodes.flatMap((locale) => {
    const result = Dictionary.safeParse(read(locale));
    return result.success ? [] : formatIssues(`src/_i18n/${locale}.json`, result.error);
  });
}

let loaded: Record<LocaleCode, Messages> | undefined;
/** The dictionaries by locale, checked. */
export function dictionaries(): Record<LocaleCode, Messages> {
  if (loaded) return loaded;
  const problems = checkDictionaries();
  if (problems.length) throw new Error(`Interface strings are incomplete:\n  ${problems.join("\n  ")}`);
  // Dictionary (built from the English keys, which Messages names) has just accepted each of them.
  loaded = Object.fromEntries(localeCodes.map((locale) => [locale, readDictionary(locale)])) as Record<LocaleCode, Messages>;
  return loaded;
}

/** "{site}: events" with {site} filled in. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

// Full-width punctuation (CJK symbols, full-width forms) carries its own space: "状态：已取消", not "状态： 已取消".
const FULL_WIDTH_END = /[\u3000-\u303f\uff01-\uff60]$/u;

/** What goes between a label and its value: a space, or nothing after full-width punctuation. */
export function labelGap(label: string): string {
  return FULL_WIDTH_END.test(label) ? "" : " ";
}

/** "Status: Cancelled", "状态：已取消". */
export function labelled(label: string, value: string): string {
  return `${label}${labelGap(label)}${value}`;
}
