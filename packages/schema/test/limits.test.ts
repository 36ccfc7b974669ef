import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Event,
  Media,
  Organization,
  SiteSettings,
  boundedFileName,
  exceedsCharacters,
  formatIssues,
  limits,
  shortenSlug,
  Slug,
  slugPattern,
  utf8Bytes,
} from "../src/index.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/source-announcement.json", import.meta.url), "utf8"));

function issuesOf(schema: typeof Event | typeof Organization | typeof SiteSettings | typeof Media, doc: unknown): string[] {
  const result = schema.safeParse(doc);
  return result.success ? [] : formatIssues("doc", result.error);
}

describe("limits, counted in characters", () => {
  it("counts an emoji or a Chinese character as one character", () => {
    expect(exceedsCharacters("🌏".repeat(limits.title), limits.title)).toBe(false);
    expect(exceedsCharacters("🌏".repeat(limits.title + 1), limits.title)).toBe(true);
    expect(exceedsCharacters("亚".repeat(limits.title), limits.title)).toBe(false);
  });

  it("agrees with counting code points, for any string", () => {
    fc.assert(
      // Latin, CJK, an emoji (two UTF-16 units) and a lone surrogate.
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "亚", "🌏", "\uD800"), maxLength: 60 }),
        fc.integer({ min: 0, max: 40 }),
        (text, max) => {
          expect(exceedsCharacters(text, max)).toBe([...text].length > max);
        },
      ),
    );
  });

  it("fits the source announcement, whose longest objective line has 211 characters", () => {
    const longest = Math.max(...fixture.event.objectives.map((line: { text: { en: string } }) => [...line.text.en].length));
    expect(longest).toBe(211);
    expect(issuesOf(Event, fixture.event)).toEqual([]);
  });

  it("refuses an event over any limit, naming the field and the locale", () => {
    const event = structuredClone(fixture.event);
    event.title.ru = "Ж".repeat(limits.title + 1);
    event.summary.en = "s".repeat(limits.summary + 1);
    event.objectives[0].text.zh = "目".repeat(limits.line + 1);
    event.targetAudience = Array.from({ length: limits.lines + 1 }, () => ({ text: { en: "Experts." } }));
    event.slug = "a".repeat(limits.slug + 1);
    expect(issuesOf(Event, event)).toEqual(
      expect.arrayContaining([
        `doc · ru · title: must be at most ${limits.title} characters`,
        `doc · en · summary: must be at most ${limits.summary} characters`,
        `doc · zh · objectives[0].text: must be at most ${limits.line} characters`,
        `doc · targetAudience: must have at most ${limits.lines} entries`,
        `doc · slug: must be at most ${limits.slug} characters`,
      ]),
    );
  });

  it("bounds organisations, media and site settings too", () => {
    const org = { ...fixture.organizations[0], name: { en: "N".repeat(limits.title + 1) } };
    expect(issuesOf(Organization, org)).toEqual([`doc · en · name: must be at most ${limits.title} characters`]);
    const settings = structuredClone(fixture.settings);
    settings.footer = { links: [{ label: { ru: "Л".repeat(limits.shortText + 1) }, url: "https://www.s-cica.org/" }] };
    expect(issuesOf(SiteSettings, settings)).toEqual([`doc · ru · footer.links[0].label: must be at most ${limits.shortText} characters`]);
  });
});

describe("slugs and file names", () => {
  it("keeps the slug rule in one place", () => {
    expect(Slug.safeParse("cica-seminar-2022").success).toBe(true);
    for (const bad of ["Upper Case/../x", "upper-casex-", "a".repeat(limits.slug + 1), "дом"])
      expect(Slug.safeParse(bad).success).toBe(false);
  });

  it("shortens any valid slug to the limit at a word, still valid", () => {
    const word = fc.stringMatching(/^[a-z0-9]{1,30}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 20 }), (words) => {
        const short = shortenSlug(words.join("-"));
        expect(short.length).toBeLessThanOrEqual(limits.slug);
        expect(short).toMatch(slugPattern);
      }),
    );
  });

  it("cuts any file name to the byte limit, keeping its extension and whole characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), fc.constantFrom(".png", ".pdf", ".jpeg"), (stem, extension) => {
        const original = `${stem || "x"}${extension}`;
        const name = boundedFileName(original);
        expect(utf8Bytes(name)).toBeLessThanOrEqual(limits.fileNameBytes);
        expect(name.endsWith(extension)).toBe(true);
        // Whole characters: what is kept of the stem is the original's beginning, with no half of a surrogate pair.
        // (A stem may itself hold U+FFFD, which fast-check generates: seed 1866629219 found "\uFFFD.png".)
        expect(original.startsWith(name.slice(0, name.length - extension.length))).toBe(true);
        expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      }),
    );
  });
});
