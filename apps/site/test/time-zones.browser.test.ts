import { describe, expect, it } from "vitest";
import { sampleSnapshot } from "./fixtures/generate.js";
import { addTimeZoneEvents } from "./fixtures/time-zones.js";
import { builtSiteInBrowser } from "./support/built-site-in-browser.js";

// The visitor's local-time line (site.js) beside the event's own time: an
// overnight event in Tehran (23:30–01:30, 20:00–22:00 UTC) as visitors in
// other zones see it, both ends in their own time.

const snapshot = sampleSnapshot();
const { overnight } = addTimeZoneEvents(snapshot);
const site = builtSiteInBrowser({ snapshot });

async function localLine(timezoneId: string, locale: string): Promise<{ own: string; local: string }> {
  const context = await site.browser.newContext({ timezoneId });
  const page = await context.newPage();
  await page.goto(`${site.url}/${locale}/events/${overnight.slug}/`);
  const local = await page.locator(".local-time").innerText();
  const own = await page.locator("time[data-local-time]").innerText();
  await context.close();
  return { own, local };
}

describe("the visitor's local-time line", () => {
  it("gives both ends in the visitor's zone, beside the event's own time", async () => {
    const newYork = await localLine("America/New_York", "en");
    expect(newYork.own).toContain("23:30 – 21 February, 01:30 (Tehran time, GMT+3:30)");
    expect(newYork.local).toMatch(/20 February 2027, 15:00\s?–\s?17:00/);
    const tokyo = await localLine("Asia/Tokyo", "ru");
    expect(tokyo.local).toMatch(/21 февраля 2027 г\., 05:00\s?–\s?07:00/);
    const berlin = await localLine("Europe/Berlin", "zh");
    expect(berlin.local).toContain("21:00");
    expect(berlin.local).toContain("23:00");
  });
});
