import axe from "axe-core";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { localeCodes } from "@cica/schema";
import { SAMPLE_NOW, SOURCE_EVENT, generatedSnapshot, sampleSnapshot } from "./fixtures/generate.js";
import { builtSiteInBrowser } from "./support/built-site-in-browser.js";

// Issue 12's layout, as a visitor sees it in Debian's Chromium: the event page in two columns on a
// laptop (content, and a sticky aside with the date badge, status, calendar, share and QR), one
// column on a phone; the new listing pages (paged index, years, countries) with 0 axe violations.

const snapshot = sampleSnapshot();
snapshot.events.push(...generatedSnapshot(120, SAMPLE_NOW).events);
const site = builtSiteInBrowser({ snapshot }, 300_000);

async function eventPage(width: number, locale = "en"): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`${site.url}/${locale}/events/${SOURCE_EVENT.slug}/`);
  return page;
}

const box = async (page: Page, selector: string) => {
  const b = await page.locator(selector).boundingBox();
  if (!b) throw new Error(`${selector} is not shown`);
  return b;
};

describe("the event page's layout", () => {
  it.each(localeCodes)(
    "at 1366 px (%s): the aside is to the right of the content and stays in view while the content scrolls",
    async (locale) => {
      const page = await eventPage(1366, locale);
      const main = await box(page, ".event-main");
      const aside = await box(page, ".event-aside");
      expect(aside.x).toBeGreaterThanOrEqual(main.x + main.width);
      expect(aside.y).toBeLessThan(main.y + main.height / 2); // beside the content, not under it
      for (const part of [
        ".event-aside .date-badge",
        ".event-aside .status",
        ".event-aside .actions",
        ".event-aside .share",
        ".event-aside .qr svg",
      ]) {
        expect(await page.locator(part).isVisible(), part).toBe(true);
      }
      // Scrolled well into the content, the aside is still on screen (sticky).
      await page.evaluate(() => window.scrollTo(0, document.querySelector(".event-main")!.getBoundingClientRect().height / 2));
      const after = await page.locator(".event-aside").evaluate((el) => el.getBoundingClientRect().top);
      expect(after).toBeGreaterThanOrEqual(0);
      expect(after).toBeLessThan(100);
      await page.close();
    },
  );

  it("at 390 px: one column, the aside below the content and as wide", async () => {
    const page = await eventPage(390);
    const main = await box(page, ".event-main");
    const aside = await box(page, ".event-aside");
    expect(aside.y).toBeGreaterThanOrEqual(main.y + main.height);
    expect(Math.abs(aside.width - main.width)).toBeLessThan(2);
    // Nothing is wider than the phone's screen (the page address breaks after its slashes).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });

  it("breaks the long page address after a slash (or a slug's hyphen), never mid-word", async () => {
    const page = await eventPage(390);
    const lines = await page.locator(".page-address").evaluate((a) => {
      // Each text line's last character, found by measuring every character's box.
      const range = document.createRange();
      const ends: string[] = [];
      let lastTop: number | undefined;
      let previous = "";
      for (const node of a.childNodes) {
        if (node.nodeType !== Node.TEXT_NODE) continue;
        for (let i = 0; i < (node.textContent ?? "").length; i++) {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const top = range.getBoundingClientRect().top;
          if (lastTop !== undefined && top > lastTop + 2) ends.push(previous);
          lastTop = top;
          previous = node.textContent?.[i] ?? "";
        }
      }
      return ends;
    });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((c) => c !== "/" && c !== "-")).toEqual([]);
    expect(lines).toContain("/");
    await page.close();
  });
});

describe("accessibility of the listing pages", () => {
  const pages = localeCodes.flatMap((l) => [
    `/${l}/`,
    `/${l}/events/`,
    `/${l}/events/page/2/`,
    `/${l}/events/year/2022/`,
    `/${l}/events/country/kz/`,
  ]);
  it.each(pages)("axe-core finds no WCAG 2.2 A/AA violations on %s", async (path) => {
    const page = await site.browser.newPage();
    await page.goto(site.url + path);
    await page.addScriptTag({ content: axe.source });
    const result = await page.evaluate(() =>
      window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      }),
    );
    await page.close();
    expect(result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });
});
