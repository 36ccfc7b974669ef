import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { limits, Slug } from "@cica/schema";
import { slugFromTitle, slugify } from "../src/lib/slug";

// Issue 9 item 1: a 300-character title once proposed a 258-character slug,
// and its calendar file could not be written. Whatever the title, the proposed
// address is short ASCII that the site's schema accepts.

describe("the address proposed from a title", () => {
  it("is ASCII, at most the slug limit, and valid for the site, for any title", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 400 }), (title) => {
        const slug = slugFromTitle(title);
        expect(slug).toMatch(/^[\x21-\x7e]+$/);
        expect(slug.length).toBeLessThanOrEqual(limits.slug);
        expect(Slug.safeParse(slug).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("spells Russian and Chinese titles in Latin letters", () => {
    expect(slugify("Совещание экспертов СВМДА")).toBe("soveshchanie-ekspertov-svmda");
    expect(slugify("亚信水安全专家会议")).toBe("ya-xin-shui-an-quan-zhuan-jia-hui-yi");
  });

  it("cuts a long title at a word and keeps the English wording", () => {
    const title = "CICA Conference on Confidence Building Measures in Asia 🌏 ".repeat(6);
    const slug = slugFromTitle(title);
    expect(slug.length).toBeLessThanOrEqual(limits.slug);
    expect(slug.startsWith("cica-conference-on-confidence-building-measures-in-asia")).toBe(true);
    expect(title.toLowerCase().replace(/[^a-z]+/g, "-")).toContain(slug);
  });

  it("gives a title with nothing to spell a stable address of its own", () => {
    expect(slugFromTitle("🌏🚀")).toMatch(/^event-[0-9a-f]{8}$/);
    expect(slugFromTitle("🌏🚀")).toBe(slugFromTitle("🌏🚀"));
    expect(slugFromTitle("🌏🚀")).not.toBe(slugFromTitle("🎉"));
  });
});
