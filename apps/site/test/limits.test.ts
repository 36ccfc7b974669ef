import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { limits, localeCodes, shortenSlug } from "@cica/schema";
import { SOURCE_EVENT, sampleSnapshot } from "./fixtures/generate.js";
import { buildSample, read, removeTempDirs } from "./support/build.js";

afterAll(removeTempDirs);

// Issue 9 item 1 and issue 8 item 7 as the site meets them: an event at every
// limit still gets its pages and calendar files, and body HTML from the CMS is
// sanitised as the snapshot is validated, before any template inserts it.

/** `max` characters (code points) made of `unit`, repeated and cut. */
const atLimit = (unit: string, max: number): string => [...unit.repeat(Math.ceil(max / [...unit].length))].slice(0, max).join("");

function eventAtTheLimits() {
  const event = structuredClone(SOURCE_EVENT);
  event.id = "64f00000000000000000f1ff";
  event.title = {
    en: atLimit("CICA Conference on Confidence Building Measures 🌏 ", limits.title),
    ru: atLimit("Совещание по мерам доверия в Азии 🌏 ", limits.title),
    zh: atLimit("亚信会议🌏", limits.title),
  };
  event.slug = shortenSlug("cica-conference-on-confidence-building-measures-".repeat(3).replace(/-$/, ""));
  event.summary = { en: atLimit("Summary text ", limits.summary), ru: null, zh: null };
  const hostile = '<p>Agenda</p><script>alert("x")</script><img src="x" onerror="alert(1)"><a href="javascript:alert(2)">Register</a>';
  event.bodyHtml = { en: hostile, ru: hostile, zh: hostile };
  return event;
}

describe("an event at every limit", () => {
  it("gets its page and calendar file in every language, showing the whole title and no script from the body", async () => {
    const snapshot = sampleSnapshot();
    const event = eventAtTheLimits();
    expect(event.slug.length).toBeLessThanOrEqual(limits.slug);
    snapshot.events.push(event);
    const { outputDir, result } = await buildSample({ snapshot });
    expect(result.errors).toEqual([]);
    for (const locale of localeCodes) {
      const page = path.join(locale, "events", event.slug, "index.html");
      expect(existsSync(path.join(outputDir, page)), page).toBe(true);
      expect(existsSync(path.join(outputDir, locale, "events", `${event.slug}.ics`))).toBe(true);
      const html = await read(outputDir, page);
      expect(html).toContain(event.title[locale]!.trim()); // eventAtTheLimits sets every locale's title
      expect(html).toContain("<p>Agenda</p>");
      expect(html).toContain("Register");
      expect(html).not.toMatch(/alert\(|onerror=|javascript:/);
    }
  }, 120_000);
});
