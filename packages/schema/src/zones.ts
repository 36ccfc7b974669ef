import { getAllTimezones, getCountry, type Timezone } from "countries-and-timezones";
import enZoneNames from "cldr-dates-full/main/en/timeZoneNames.json" with { type: "json" };
import ruZoneNames from "cldr-dates-full/main/ru/timeZoneNames.json" with { type: "json" };
import zhZoneNames from "cldr-dates-full/main/zh/timeZoneNames.json" with { type: "json" };
import { IANAZone } from "luxon";
import type { LocaleCode } from "./locales.js";

// Which zones exist, which names are old spellings of which, and which
// countries use them: countries-and-timezones (the tz database's zone and
// backward files as JSON). The offsets themselves always come from Intl,
// i.e. the tz data in Node's ICU (process.versions.tz), through luxon; a test
// checks that the package's offsets agree with Intl for every listed zone,
// so the list and the arithmetic cannot drift apart unnoticed on an upgrade
// (3.10.0 already carries a newer tz release than Node 20's 2025c and fails it).

// Widened: the package types its record by its own literal zone names; lookups here take any string.
const all: Record<string, Timezone | undefined> = getAllTimezones({ deprecated: true });
const zoneRecords = Object.values(all).filter((zone): zone is Timezone => zone !== undefined);

/** The packages behind the names; a test checks these against what is installed. */
export const zoneListPackage = "countries-and-timezones 3.8.0";
export const cityNamesPackage = "cldr-dates-full 48.2.0";

/** "UTC" stays as editors and the site know it; tz spells it Etc/UTC and lists "UTC" as a link. */
const utcNames = new Set(["Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "UTC", "UCT", "Universal", "Zulu"]);

function isIntlZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return IANAZone.isValidZone(name);
  } catch {
    return false;
  }
}

/**
 * Every canonical IANA zone, sorted: the tz database's zones that are not
 * links ("Factory", tz's placeholder for "no zone set", is not a place).
 */
export const canonicalZones: readonly string[] = [
  ...new Set(
    zoneRecords
      .filter((zone) => !zone.aliasOf && zone.name !== "Factory" && isIntlZone(zone.name))
      .map((zone) => (utcNames.has(zone.name) ? "UTC" : zone.name)),
  ),
].sort();

const canonicalSet = new Set(canonicalZones);
const byLowerCase = new Map<string, string>();
for (const zone of zoneRecords) {
  const target = utcNames.has(zone.name) || (zone.aliasOf && utcNames.has(zone.aliasOf)) ? "UTC" : (zone.aliasOf ?? zone.name);
  if (canonicalSet.has(target)) byLowerCase.set(zone.name.toLowerCase(), target);
}
for (const zone of canonicalZones) byLowerCase.set(zone.toLowerCase(), zone);

/** "Asia/Calcutta", "asia/kolkata" → "Asia/Kolkata"; null when tz knows no such zone. */
export function canonicalZone(name: string): string | null {
  return byLowerCase.get(name.trim().toLowerCase()) ?? null;
}

/** The old spellings that lead to a zone ("Asia/Kolkata" → ["Asia/Calcutta"]). */
export function zoneAliases(zone: string): string[] {
  return zoneRecords.filter((z) => z.aliasOf === zone || (zone === "UTC" && utcNames.has(z.name) && z.name !== "UTC")).map((z) => z.name);
}

/** ISO country codes that keep this zone's time, principal country first. */
export function zoneCountries(zone: string): string[] {
  return [...(all[zone === "UTC" ? "Etc/UTC" : zone]?.countries ?? [])];
}

// tz has no notion of a country's "main" zone. Countries with one zone need
// none; for the few with several where CICA meets or hosts, the capital's.
const capitalZones: Record<string, string> = {
  US: "America/New_York",
  RU: "Europe/Moscow",
  KZ: "Asia/Almaty",
  CN: "Asia/Shanghai",
  ID: "Asia/Jakarta",
  MN: "Asia/Ulaanbaatar",
  UZ: "Asia/Tashkent",
  MY: "Asia/Kuching",
  AU: "Australia/Sydney",
  CA: "America/Toronto",
  BR: "America/Sao_Paulo",
  MX: "America/Mexico_City",
  UA: "Europe/Kyiv",
  PS: "Asia/Hebron",
  CY: "Asia/Nicosia",
  ES: "Europe/Madrid",
  PT: "Europe/Lisbon",
  DE: "Europe/Berlin",
  GB: "Europe/London",
};

/** The zone an event in this country most likely keeps, or null for an unknown country. */
export function mainZoneOf(country: string): string | null {
  const code = country.toUpperCase();
  if (capitalZones[code]) return capitalZones[code];
  const zones = getCountry(code)?.timezones ?? [];
  // The zone whose principal country this is, else the first that the country keeps.
  const own = zones.find((zone) => all[zone]?.countries[0] === code) ?? zones[0];
  return own ? canonicalZone(own) : null;
}

type ZoneNames = { main: Record<string, { dates: { timeZoneNames: { zone: Record<string, unknown> } } }> };
const cldrZoneNames: Record<LocaleCode, ZoneNames> = { en: enZoneNames, ru: ruZoneNames, zh: zhZoneNames };

function cldrExemplarCity(locale: LocaleCode, id: string): string | null {
  const localeData = Object.values(cldrZoneNames[locale].main)[0];
  let node: unknown = localeData?.dates.timeZoneNames.zone;
  for (const part of id.split("/")) {
    if (typeof node !== "object" || node === null) return null;
    node = (node as Record<string, unknown>)[part]; // Cast: CLDR's zone tree is nested objects keyed by id segments.
  }
  const city = typeof node === "object" && node !== null ? (node as { exemplarCity?: unknown }).exemplarCity : undefined; // Cast: a CLDR zone leaf.
  return typeof city === "string" ? city : null;
}

/**
 * The zone's city as CLDR names it in that language ("Kolkata", «Калькутта», "加尔各答").
 * CLDR files exemplar cities under its own (often older) ids, so the aliases are tried too;
 * English leaves out cities spelt as in the id, which is CLDR's own fallback.
 */
export function zoneCity(zone: string, locale: LocaleCode): string {
  if (zone === "UTC") return "UTC";
  for (const id of [zone, ...zoneAliases(zone)]) {
    const city = cldrExemplarCity(locale, id);
    if (city) return city;
  }
  if (locale !== "en") return zoneCity(zone, "en");
  return (zone.split("/").pop() ?? zone).replace(/_/g, " ");
}

/** Where the zone's names and offsets come from, for the start log and `npm run zones:version`. */
export function zoneDataVersions(): { intlTz: string; icu: string; zoneList: string; cityNames: string; zones: number } {
  return {
    intlTz: process.versions.tz ?? "unknown",
    icu: process.versions.icu ?? "unknown",
    zoneList: zoneListPackage,
    cityNames: cityNamesPackage,
    zones: canonicalZones.length,
  };
}
