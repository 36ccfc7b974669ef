import type { OptionObject } from "payload";
import {
  canonicalZones,
  countryCodes,
  gmtOffsetLabel,
  localeCodes,
  mainZoneOf,
  zoneAliases,
  zoneCity,
  zoneCountries,
  type LocaleCode,
  type Translations,
} from "@cica/schema";

// Select options labelled in the admin's three languages. Names of countries,
// languages come from Intl (CLDR); zones from the schema's zone list (tz database
// names, CLDR city names), not from hand-kept lists.

export function optionsFrom<K extends string>(labels: Record<K, Translations>): OptionObject[] {
  // Cast: Object.keys is typed string[]; these are exactly the keys of `labels`.
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}

function displayNames(type: "region" | "language", code: string): Translations {
  return Object.fromEntries(
    localeCodes.map((locale) => [locale, new Intl.DisplayNames([locale], { type }).of(code) ?? code]),
  ) as Translations; // Object.fromEntries over every locale code
}

export const countryOptions: OptionObject[] = countryCodes
  .map((code) => ({ value: code, label: displayNames("region", code) }))
  .sort((a, b) => a.label.en.localeCompare(b.label.en));

const languageCodes = [
  "en",
  "ru",
  "zh",
  "kk",
  "ky",
  "tg",
  "uz",
  "tk",
  "az",
  "tr",
  "fa",
  "ar",
  "he",
  "hi",
  "ur",
  "bn",
  "ps",
  "mn",
  "ko",
  "ja",
  "th",
  "vi",
  "km",
  "lo",
  "my",
  "si",
  "ta",
  "fr",
  "de",
  "es",
];

export const languageOptions: OptionObject[] = languageCodes.map((code) => ({ value: code, label: displayNames("language", code) }));

/** "GMT+5:30" for today: the picker's hint; the offset on the event's own date is shown beside the time. */
function gmtLabel(zone: string): string {
  return gmtOffsetLabel(new Date().toISOString(), zone);
}

/** One zone in the picker: labelled per admin language, searchable by city, country and id in all three. */
export type ZoneChoice = { value: string; label: Translations; search: string };

function zoneLabel(zone: string, locale: LocaleCode): string {
  const city = zoneCity(zone, locale);
  const country = zoneCountries(zone)[0];
  const countryName = country ? new Intl.DisplayNames([locale], { type: "region" }).of(country) : undefined;
  return `${city}${countryName && countryName !== city ? ` — ${countryName}` : ""} (${gmtLabel(zone)})`;
}

/** Every canonical IANA zone ("Kolkata — India (GMT+5:30)", «Калькутта — Индия (GMT+5:30)», "加尔各答 — 印度 (GMT+5:30)"). */
export const zoneChoices: ZoneChoice[] = canonicalZones.map((zone) => {
  const label = Object.fromEntries(localeCodes.map((locale) => [locale, zoneLabel(zone, locale)])) as Translations; // every locale code
  const countries = zoneCountries(zone).flatMap((code) =>
    localeCodes.map((locale) => new Intl.DisplayNames([locale], { type: "region" }).of(code) ?? code),
  );
  return { value: zone, label, search: [zone, ...Object.values(label), ...countries, ...zoneAliases(zone)].join(" ").toLowerCase() };
});

/** The same zones as select options (site settings' default zone). */
export const timeZoneOptions: OptionObject[] = zoneChoices.map(({ value, label }) => ({ value, label }));

/** The zone an event in each listed country most likely keeps, so the picker can start there. */
export const countryZones: Record<string, string> = Object.fromEntries(
  countryCodes.flatMap((code) => {
    const zone = mainZoneOf(code);
    return zone ? [[code, zone]] : [];
  }),
);

export const defaultTimeZone = "Asia/Almaty";
