import type { OptionObject } from "payload";
import { localeCodes, type Translations } from "@cica/schema";

// Select options labelled in the admin's three languages. Names of countries,
// languages and zones come from Intl (CLDR), not from hand-kept lists.

export function optionsFrom<K extends string>(labels: Record<K, Translations>): OptionObject[] {
  // Cast: Object.keys is typed string[]; these are exactly the keys of `labels`.
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}

function displayNames(type: "region" | "language", code: string): Translations {
  return Object.fromEntries(
    localeCodes.map((locale) => [locale, new Intl.DisplayNames([locale], { type }).of(code) ?? code]),
  ) as Translations; // Object.fromEntries over every locale code
}

// CICA's member states and observers first, then countries whose
// ministries and partners commonly co-host events.
const countryCodes = [
  "AF", "AZ", "BH", "BD", "KH", "CN", "EG", "IN", "IR", "IQ", "IL", "JO", "KZ", "KW", "KG", "MN", "PK", "PS",
  "QA", "KR", "RU", "LK", "TJ", "TH", "TR", "TM", "AE", "UZ", "VN", "BY", "ID", "JP", "MY", "UA", "US", "LA",
  "MM", "NP", "PH", "SA", "OM", "SG", "AM", "GE", "CH", "AT", "DE", "FR", "GB", "IT",
];

export const countryOptions: OptionObject[] = countryCodes
  .map((code) => ({ value: code, label: displayNames("region", code) }))
  .sort((a, b) => a.label.en.localeCompare(b.label.en));

const languageCodes = [
  "en", "ru", "zh", "kk", "ky", "tg", "uz", "tk", "az", "tr", "fa", "ar", "he", "hi", "ur", "bn", "ps", "mn",
  "ko", "ja", "th", "vi", "km", "lo", "my", "si", "ta", "fr", "de", "es",
];

export const languageOptions: OptionObject[] = languageCodes.map((code) => ({ value: code, label: displayNames("language", code) }));

function gmtLabel(zone: string): string {
  const part = new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "shortOffset" })
    .formatToParts(new Date())
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? "";
}

/** The zones an editor can pick: Asia and Europe (where CICA meets) and UTC. */
export const timeZoneOptions = Intl.supportedValuesOf("timeZone")
  .filter((zone) => zone.startsWith("Asia/") || zone.startsWith("Europe/") || zone === "UTC")
  .concat(Intl.supportedValuesOf("timeZone").includes("UTC") ? [] : ["UTC"])
  .map((zone) => ({ value: zone, label: `${zone.replace(/_/g, " ")} (${gmtLabel(zone)})` }));

export const defaultTimeZone = "Asia/Almaty";
