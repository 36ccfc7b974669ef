#!/usr/bin/env -S node --import tsx
// Screenshots of the layout (issue 12's closing note): the event page, home, events index and search
// page (with a query and its results, from a real Pagefind index) in each language, at 390 px (a phone) and 1366 px (a laptop). Builds the sample content plus 120 generated
// events (so the index is paged), serves it and photographs the top of each page (the sticky aside is checked by test/layout.browser.test.ts) in Debian's Chromium.
//   npm run screenshots:layout -w @cica/site [-- folder, default docs/screenshots at the repository root]
// Chinese needs a CJK font on the machine (Debian: apt-get install fonts-wqy-zenhei), else Chromium draws empty boxes.
// With pngquant on the PATH (Debian: apt-get install pngquant) the pictures are quantised to about a third of their size.
import { execFileSync } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { localeCodes } from "@cica/schema";
import { SEARCH_INDEX_PATH, indexSite } from "../lib/search-index.js";
import { SAMPLE_NOW, SOURCE_EVENT, generatedSnapshot, sampleSnapshot } from "../test/fixtures/generate.js";
import { launchBrowser, serveFolder } from "../test/support/browser.js";
import { buildSample, removeTempDirs } from "../test/support/build.js";

const folder = path.resolve(process.argv[2] || fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url)));
const snapshot = sampleSnapshot();
snapshot.events.push(...generatedSnapshot(120, SAMPLE_NOW).events);
const { outputDir, result } = await buildSample({ snapshot });
if (result.errors.length) throw new Error(`The sample did not build:\n${result.errors.join("\n")}`);
// The build service indexes after the swap; here the index goes straight into the folder served.
const indexed = await indexSite({ siteDir: outputDir, outputDir: path.join(outputDir, SEARCH_INDEX_PATH) });
if (indexed.errors.length) throw new Error(`The search index failed:\n${indexed.errors.join("\n")}`);

/** A word each language's sample has in several titles, so the picture shows results. */
const searchQuery: Record<string, string> = { en: "seminar", ru: "семинар", zh: "研讨会" };
const pages = {
  event: (l: string) => `/${l}/events/${SOURCE_EVENT.slug}/`,
  home: (l: string) => `/${l}/`,
  index: (l: string) => `/${l}/events/`,
  search: (l: string) => `/${l}/search/?q=${encodeURIComponent(searchQuery[l] ?? "seminar")}`,
};
const viewports = [
  { width: 390, height: 844 },
  { width: 1366, height: 900 },
];
/** Quantises a PNG in place when pngquant is installed; the full-colour picture stays otherwise. */
function shrink(file: string): void {
  try {
    execFileSync("pngquant", ["--quality", "70-90", "--speed", "3", "--force", "--skip-if-larger", "--output", file, file], {
      stdio: "ignore",
    });
  } catch {
    // Not installed, or no smaller result: keep the original.
  }
}

const server = await serveFolder(outputDir);
const browser = await launchBrowser();
try {
  await mkdir(folder, { recursive: true });
  for (const viewport of viewports) {
    const context = await browser.newContext({ viewport, timezoneId: "Asia/Almaty" });
    const page = await context.newPage();
    for (const locale of localeCodes) {
      for (const [name, pathOf] of Object.entries(pages)) {
        await page.goto(server.url + pathOf(locale));
        // The search page fills its results after loading the index: wait for them (or its status line).
        if (name === "search") await page.locator("[data-search-results] h2").first().waitFor({ timeout: 20_000 });
        const file = path.join(folder, `${name}-${locale}-${viewport.width}.png`);
        await page.screenshot({ path: file });
        shrink(file);
        console.log(file);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  await removeTempDirs();
}
