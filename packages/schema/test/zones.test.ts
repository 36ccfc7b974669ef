import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { IANAZone } from "luxon";
import { getAllTimezones } from "countries-and-timezones";
import { describe, expect, it } from "vitest";
import {
  TimeZone,
  canonicalZone,
  canonicalZones,
  checkValue,
  countryCodes,
  cityNamesPackage,
  mainZoneOf,
  zoneCity,
  zoneCountries,
  zoneListPackage,
} from "../src/index.js";

// Issue 10, item 1: every canonical zone can be chosen, and the zone list
// agrees with the tz data that does the arithmetic (Intl / luxon).

const require = createRequire(import.meta.url);

function intlOffset(zone: string, date: Date): number {
  const name =
    new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "longOffset" }).formatToParts(date).find((p) => p.type === "timeZoneName")
      ?.value ?? "";
  const match = /GMT(?:([+-])(\d\d):(\d\d))?/.exec(name);
  if (!match?.[1]) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

describe("the zone list", () => {
  it("holds the zones that crashed the CMS, the Americas, and no legacy spelling", () => {
    for (const zone of [
      "Asia/Kolkata",
      "Asia/Kathmandu",
      "Asia/Ho_Chi_Minh",
      "Asia/Yangon",
      "America/New_York",
      "Africa/Cairo",
      "Europe/Kyiv",
      "UTC",
    ]) {
      expect(canonicalZones).toContain(zone);
    }
    expect(canonicalZones.filter((z) => z.startsWith("America/")).length).toBeGreaterThan(40);
    for (const legacy of ["Asia/Calcutta", "Asia/Katmandu", "Asia/Saigon", "Asia/Rangoon", "US/Eastern", "Europe/Kiev", "Etc/UTC"]) {
      expect(canonicalZones).not.toContain(legacy);
    }
  });

  it("lists only zones that Intl and luxon know, and the site's contract accepts every one", () => {
    const unknown = canonicalZones.filter((zone) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: zone });
      } catch {
        return true;
      }
      return !IANAZone.isValidZone(zone) || checkValue(TimeZone, zone) !== null;
    });
    expect(unknown).toEqual([]);
  });

  it("states the same offsets as Intl computes, for every zone, in winter and in summer", () => {
    const stated: Record<string, { utcOffset: number; dstOffset: number } | undefined> = getAllTimezones();
    const disagreements = canonicalZones.flatMap((zone) => {
      const facts = stated[zone === "UTC" ? "Etc/UTC" : zone];
      if (!facts) return [`${zone}: not in the package`];
      return [new Date(Date.UTC(2026, 0, 15, 12)), new Date(Date.UTC(2026, 6, 15, 12))]
        .filter((date) => ![facts.utcOffset, facts.dstOffset].includes(intlOffset(zone, date)))
        .map(
          (date) =>
            `${zone} on ${date.toISOString().slice(0, 10)}: Intl ${intlOffset(zone, date)}, package ${facts.utcOffset}/${facts.dstOffset}`,
        );
    });
    expect(disagreements).toEqual([]);
  });

  it("names the installed packages it reports", () => {
    const installed = (name: string) => {
      const main = require.resolve(name === "cldr-dates-full" ? "cldr-dates-full/main/en/timeZoneNames.json" : name);
      let dir = path.dirname(main);
      while (!dir.endsWith(`node_modules${path.sep}${name}`)) dir = path.dirname(dir);
      return `${name} ${(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version}`;
    };
    expect(zoneListPackage).toBe(installed("countries-and-timezones"));
    expect(cityNamesPackage).toBe(installed("cldr-dates-full"));
  });
});

describe("legacy names", () => {
  it.each([
    ["Asia/Calcutta", "Asia/Kolkata"],
    ["Asia/Katmandu", "Asia/Kathmandu"],
    ["Asia/Saigon", "Asia/Ho_Chi_Minh"],
    ["Asia/Rangoon", "Asia/Yangon"],
    ["US/Eastern", "America/New_York"],
    ["Europe/Kiev", "Europe/Kyiv"],
    ["Etc/UTC", "UTC"],
    ["asia/kolkata", "Asia/Kolkata"],
  ])("%s is read as %s", (legacy, canonical) => {
    expect(canonicalZone(legacy)).toBe(canonical);
  });

  it("an unknown or made-up zone has no canonical form", () => {
    for (const name of ["Asia/Beijing", "Mars/Olympus_Mons", "GMT+8", "", "Factory"]) expect(canonicalZone(name)).toBeNull();
  });

  it("every name Node's ICU offers leads to a listed zone", () => {
    expect(Intl.supportedValuesOf("timeZone").filter((name) => !canonicalZone(name))).toEqual([]);
  });
});

describe("names for the picker", () => {
  it("gives the city in English, Russian and Chinese", () => {
    expect(["en", "ru", "zh"].map((l) => zoneCity("Asia/Kolkata", l as "en"))).toEqual(["Kolkata", "Калькутта", "加尔各答"]);
    expect(["en", "ru", "zh"].map((l) => zoneCity("America/New_York", l as "en"))).toEqual(["New York", "Нью-Йорк", "纽约"]);
    expect(zoneCity("Asia/Ho_Chi_Minh", "ru")).toBe("Хошимин");
  });

  it("knows each zone's countries and a country's main zone", () => {
    expect(zoneCountries("Asia/Kathmandu")).toEqual(["NP"]);
    expect(mainZoneOf("IN")).toBe("Asia/Kolkata");
    expect(mainZoneOf("US")).toBe("America/New_York");
    expect(mainZoneOf("EG")).toBe("Africa/Cairo");
    expect(mainZoneOf("XX")).toBeNull();
    // Every country the admin offers, so an organiser's country always gives the picker a default zone.
    const missing = countryCodes.filter((country) => !canonicalZones.includes(mainZoneOf(country) ?? ""));
    expect(missing).toEqual([]);
  });
});
