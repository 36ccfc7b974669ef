import fc from "fast-check";
import ical from "ical-generator";
import { describe, expect, it } from "vitest";
import { withMeasuredFolding } from "../lib/ics-fold.js";

// lib/ics-fold.ts stands in for TextEncoder while ical-generator folds lines; the folded text must be
// exactly what the real encoder gives, for any text: CJK and Cyrillic (3 and 2 bytes), emoji (surrogate
// pairs, 4 bytes), lone surrogates, line breaks, and lines that fold inside a multi-byte character.
function calendarText(summary: string, description: string): string {
  const cal = ical({ name: summary });
  cal.createEvent({ id: "x@test", start: new Date(Date.UTC(2026, 0, 1)), stamp: new Date(0), summary, description, location: summary });
  return cal.toString();
}

// Long enough that every line folds, several times (fast-check's default sizes stay below one line).
const long = { minLength: 20, maxLength: 300 };
const text = fc.oneof(
  fc.string({ unit: "binary", ...long }),
  fc.string({ unit: "grapheme", ...long }),
  fc.string({ unit: fc.constantFrom("a", "я", "中", "😀", "\ud800", "\udc00", "\r\n", ";", ","), ...long }),
);

describe("calendar line folding with the measuring encoder (lib/ics-fold.ts)", () => {
  it("gives exactly ical-generator's text with the real TextEncoder, for any text", () => {
    fc.assert(
      fc.property(text, text, (summary, description) => {
        expect(withMeasuredFolding(() => calendarText(summary, description))).toBe(calendarText(summary, description));
      }),
      { numRuns: 300 },
    );
  });

  it("puts the real TextEncoder back, also when writing throws", () => {
    const before = globalThis.TextEncoder;
    expect(() =>
      withMeasuredFolding(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(globalThis.TextEncoder).toBe(before);
    expect(new TextEncoder().encode("中")).toBeInstanceOf(Uint8Array);
  });
});
