import { existsSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { DomUtils, parseDocument } from "htmlparser2";
import { afterAll, describe, expect, it } from "vitest";
import { localeCodes, pick } from "@cica/schema";
import { maxLengthTitle, publishableEventsArb } from "@cica/fixtures/arbitraries";
import { buildSite } from "../lib/build.js";
import { SAMPLE_NOW, sampleSnapshot } from "./fixtures/generate.js";
import { MEDIA_DIR, read, removeTempDirs, tempDir } from "./support/build.js";

afterAll(removeTempDirs);

// Issue 9: any event the schema accepts builds, in all three locales, with a
// page that shows its title. The events come from hand-written arbitraries
// that follow the schema and its limits (@cica/fixtures/arbitraries); each run
// is a real build of a handful of them into a temporary folder.

/** The text of the page's h1, as a reader sees it (entities decoded). */
async function heading(outputDir: string, file: string): Promise<string> {
  const h1 = DomUtils.findOne((e) => e.name === "h1", parseDocument(await read(outputDir, file)).children);
  return h1 ? DomUtils.textContent(h1) : "";
}

describe("property: what the schema accepts, the site builds", () => {
  it("every accepted event gets a page in every locale showing its title", async () => {
    await fc.assert(
      fc.asyncProperty(publishableEventsArb({ maxLength: 8 }), async (events) => {
        const snapshot = { ...sampleSnapshot(), events };
        const outputDir = path.join(await tempDir(), "out");
        const result = await buildSite({ snapshot, mediaDir: MEDIA_DIR, outputDir, now: SAMPLE_NOW });
        expect(result.errors).toEqual([]);
        expect(result.failures).toEqual([]);
        for (const event of events) {
          for (const locale of localeCodes) {
            const file = `${locale}/events/${event.slug}/index.html`;
            expect(existsSync(path.join(outputDir, file)), file).toBe(true);
            // The page shows the locale's title, or the English one it falls back to.
            expect(await heading(outputDir, file)).toBe(pick(event.title, locale).value);
          }
        }
      }),
      // Each run is a whole build (about a second on an idle core, several under CI's load, most of it the build's
      // fixed cost), so fewer runs of more events each: 20 runs of up to eight events (at most 160) cover nearly
      // as many as 50 runs of four (200), in well under half the time. The deadline leaves room for a loaded CI machine, where
      // 50 runs once took over 120 s.
      { numRuns: 20 },
    );
  }, 300_000);

  it("a title at the maximum length, with emoji and non-Latin text, still produces a page in every locale", async () => {
    const [event] = fc.sample(publishableEventsArb({ minLength: 1, maxLength: 1 }), { numRuns: 1, seed: 9 })[0] ?? [];
    if (!event) throw new Error("the arbitrary gave no event");
    const longest = { ...event, title: { en: maxLengthTitle, ru: maxLengthTitle, zh: maxLengthTitle } };
    const outputDir = path.join(await tempDir(), "out");
    const result = await buildSite({
      snapshot: { ...sampleSnapshot(), events: [longest] },
      mediaDir: MEDIA_DIR,
      outputDir,
      now: SAMPLE_NOW,
    });
    expect(result.errors).toEqual([]);
    for (const locale of localeCodes) expect(await heading(outputDir, `${locale}/events/${longest.slug}/index.html`)).toBe(maxLengthTitle);
  }, 60_000);
});
