import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countryCodes, localeCodes } from "@cica/schema";
import { validateContent } from "../lib/content.js";
import { yearOf } from "../lib/dates.js";
import { chromeByLocale } from "../lib/view/chrome.js";
import { searchFacets, searchPage, searchPaths } from "../lib/view/search.js";
import { SAMPLE_NOW, sampleSnapshot } from "./fixtures/generate.js";
import { SITE_URL } from "./support/build.js";

// The search page's model (issue 12): what a visitor without JavaScript browses by, and the filters
// an event page gives the index.

const content = validateContent(sampleSnapshot());
const chrome = chromeByLocale(content.settings, SAMPLE_NOW, SITE_URL);
const instant = fc
  .integer({ min: Date.parse("2015-01-01T00:00:00Z"), max: Date.parse("2035-01-01T00:00:00Z") })
  .map((t) => new Date(t).toISOString());
const zone = fc.constantFrom("UTC", "Asia/Almaty", "Asia/Tehran", "Pacific/Kiritimati", "America/Vancouver");
const event = fc.record({ startsAt: instant, timeZone: zone, country: fc.option(fc.constantFrom(...countryCodes), { nil: undefined }) });

describe("the search page", () => {
  it("links every year and country that has events, once each, with counts that add up; years latest first", () => {
    fc.assert(
      fc.property(fc.constantFrom(...localeCodes), fc.array(event, { maxLength: 40 }), (locale, events) => {
        const page = searchPage(locale, chrome[locale], events, SITE_URL);
        expect(page.years.reduce((sum, y) => sum + y.count, 0)).toBe(events.length);
        expect(page.countries.reduce((sum, c) => sum + c.count, 0)).toBe(events.filter((e) => e.country).length);
        expect(page.years.map((y) => y.year)).toEqual(
          [...new Set(events.map((e) => yearOf(e.startsAt, e.timeZone)))].sort((a, b) => b - a),
        );
        expect(new Set(page.countries.map((c) => c.url)).size).toBe(page.countries.length);
        for (const y of page.years) expect(y.url).toBe(searchPaths.year(locale, y.year));
        // The filter menus offer exactly the values the event pages give the index.
        const years = page.filters.find((f) => f.name === "year")?.values ?? [];
        const countries = page.filters.find((f) => f.name === "country")?.values ?? [];
        for (const e of events) {
          const facets = searchFacets({
            ...e,
            countryName: e.country && page.countries.find((c) => c.code === e.country)?.name,
            statusLabel: "s",
            attendanceLabel: "f",
            when: "w",
          });
          expect(years).toContain(facets.filters.find((f) => f.name === "year")?.value);
          const country = facets.filters.find((f) => f.name === "country")?.value;
          if (country) expect(countries).toContain(country);
        }
      }),
    );
  });

  it("names the filters and labels the listing links in the page's language", () => {
    const events = [{ startsAt: "2026-03-01T05:00:00Z", timeZone: "Asia/Almaty", country: "KZ" }];
    expect(searchPage("ru", chrome.ru, events, SITE_URL)).toMatchObject({
      years: [{ year: 2026, url: "/ru/events/year/2026/", label: "2026 (1)" }],
      countries: [{ code: "KZ", name: "Казахстан", url: "/ru/events/country/kz/", label: "Казахстан (1)" }],
      filters: [
        { name: "year", label: "Год" },
        { name: "country", label: "Страна" },
        { name: "status", label: "Статус" },
        { name: "form", label: "Формат" },
      ],
    });
    expect(searchPage("zh", chrome.zh, events, SITE_URL).countries[0]?.label).toBe("哈萨克斯坦（1）");
  });
});
