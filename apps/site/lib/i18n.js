import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as z from "zod";
import { formatIssues, localeCodes } from "@cica/schema";

// Interface wording, one dictionary per locale. The English dictionary defines
// the keys; every other locale must have exactly the same ones, so a missing
// translation fails the build (and the test) instead of showing a blank.

const dictionaryDir = fileURLToPath(new URL("../src/_i18n/", import.meta.url));

export function readDictionary(locale) {
  return JSON.parse(readFileSync(`${dictionaryDir}${locale}.json`, "utf8"));
}

const reference = readDictionary("en");
export const Dictionary = z.strictObject(
  Object.fromEntries(Object.keys(reference).map((key) => [key, z.string().trim().min(1)])),
);

/** Checks every locale's dictionary; returns formatter lines, empty when all are complete. */
export function checkDictionaries(read = readDictionary) {
  return localeCodes.flatMap((locale) => {
    const result = Dictionary.safeParse(read(locale));
    return result.success ? [] : formatIssues(`src/_i18n/${locale}.json`, result.error);
  });
}

let loaded;
/** @returns {Record<string, Record<string, string>>} the dictionaries by locale, checked. */
export function dictionaries() {
  if (loaded) return loaded;
  const problems = checkDictionaries();
  if (problems.length) throw new Error(`Interface strings are incomplete:\n  ${problems.join("\n  ")}`);
  loaded = Object.fromEntries(localeCodes.map((locale) => [locale, readDictionary(locale)]));
  return loaded;
}

/** "{site}: events" with {site} filled in. */
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}
