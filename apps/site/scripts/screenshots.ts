#!/usr/bin/env -S node --import tsx
// Screenshots of an overnight event's page (23:30 to 01:30 in Tehran) in each
// language, for issue 10's closing note: builds the sample with the time-zone
// events, serves it and photographs it in Debian's Chromium, as a visitor in
// Berlin sees it (the local-time line below the date is theirs).
//   npm run screenshots -w @cica/site [-- folder, default docs/screenshots at the repository root]
// Chinese needs a CJK font on the machine (Debian: apt-get install fonts-wqy-zenhei),
// else Chromium draws empty boxes.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { localeCodes } from "@cica/schema";
import { sampleSnapshot } from "../test/fixtures/generate.js";
import { addTimeZoneEvents } from "../test/fixtures/time-zones.js";
import { launchBrowser, serveFolder } from "../test/support/browser.js";
import { buildSample, removeTempDirs } from "../test/support/build.js";

const folder = path.resolve(process.argv[2] || fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url)));
const snapshot = sampleSnapshot();
const { overnight } = addTimeZoneEvents(snapshot);
const { outputDir, result } = await buildSample({ snapshot });
if (result.errors.length) throw new Error(`The sample did not build:\n${result.errors.join("\n")}`);
const server = await serveFolder(outputDir);
const browser = await launchBrowser();
try {
  await mkdir(folder, { recursive: true });
  for (const locale of localeCodes) {
    const context = await browser.newContext({ timezoneId: "Europe/Berlin", viewport: { width: 960, height: 720 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/${locale}/events/${overnight.slug}/`);
    // The client script adds the visitor's local-time line; the picture waits for it.
    await page.locator(".local-time").waitFor();
    const file = path.join(folder, `overnight-event-${locale}.png`);
    // The top of the page: title, organisers, and the date line with the visitor's local time.
    await page.screenshot({ path: file });
    console.log(
      `${file}: ${(await page.locator("time[data-local-time]").innerText()).trim()} | ${await page.locator(".local-time").innerText()}`,
    );
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  await removeTempDirs();
}
