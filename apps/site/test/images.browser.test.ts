// Responsive images (issue 12), in Debian's Chromium: the browser picks a copy from the srcset by its
// screen, the first image is fetched eagerly and first, and the space is reserved (width/height).

import { describe, expect, it } from "vitest";
import { sampleSnapshot } from "./fixtures/generate.js";
import { builtSiteInBrowser, waitForImage } from "./support/built-site-in-browser.js";

const IMAGE_ID = "64f0000000000000000000m1";
const EVENT_PAGE = "/en/events/meeting-of-cica-senior-officials-committee/";

/** The sample, with the resized WebP copies the CMS makes (files in test/fixtures/media). */
function snapshotWithSizes() {
  const snapshot = sampleSnapshot();
  const size = (name: string, width: number, height: number) => {
    const filename = `cica-headquarters-${width}x${height}.webp`;
    return [name, { url: `/api/media/file/${filename}`, filename, width, height, mimeType: "image/webp", filesize: 700 }] as const;
  };
  snapshot.media = snapshot.media.map((m) =>
    m.id === IMAGE_ID
      ? {
          ...m,
          sizes: Object.fromEntries([
            size("hero-800", 800, 420),
            size("hero", 1600, 840),
            size("card-400", 400, 225),
            size("card", 800, 450),
            // The admin's thumbnail: made by the CMS, never copied to the site.
            ["thumbnail", { url: "/api/media/file/none.webp", filename: "cica-headquarters-400x300.webp", width: 400, height: 300 }],
          ]),
        }
      : m,
  );
  return snapshot;
}

const site = builtSiteInBrowser({ snapshot: snapshotWithSizes() });

async function imageAt(width: number, deviceScaleFactor: number) {
  const context = await site.browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor });
  const page = await context.newPage();
  const failed: string[] = [];
  page.on("requestfailed", (request) => failed.push(request.url()));
  page.on("response", (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(site.url + EVENT_PAGE);
  await waitForImage(page, ".event-image img");
  const img = page.locator(".event-image img");
  const seen = await img.evaluate((el: HTMLImageElement) => ({
    currentSrc: el.currentSrc,
    naturalWidth: el.naturalWidth,
    loading: el.getAttribute("loading"),
    fetchpriority: el.getAttribute("fetchpriority"),
    width: el.getAttribute("width"),
    height: el.getAttribute("height"),
    firstImage: document.querySelector("img") === el,
  }));
  await context.close();
  return { ...seen, failed };
}

describe("the event page's picture", () => {
  it("at 390 px on a 2× phone the browser takes the 800 px copy, not the 1,600 px one", async () => {
    const seen = await imageAt(390, 2);
    expect(seen.currentSrc).toBe(`${site.url}/media/cica-headquarters-800x420.webp`);
    expect(seen.failed).toEqual([]);
  });

  it("at 390 px on a 3× phone it takes the 1,600 px copy", async () => {
    const seen = await imageAt(390, 3);
    expect(seen.currentSrc).toBe(`${site.url}/media/cica-headquarters-1600x840.webp`);
  });

  it("is the page's first image: eager, fetched with high priority, its size reserved", async () => {
    const seen = await imageAt(1366, 1);
    expect(seen).toMatchObject({ firstImage: true, loading: "eager", fetchpriority: "high", width: "1600", height: "840" });
  });
});

describe("an event card's picture in a listing", () => {
  it("comes from the 16:9 card copies, not the page's large picture: 400 px at 1×, with its size reserved", async () => {
    const context = await site.browser.newContext({ viewport: { width: 390, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    // The sample's pictured event is in 2022: its year's listing shows its card.
    await page.goto(`${site.url}/en/events/year/2022/`);
    await waitForImage(page, ".event-card-image");
    const img = page.locator(".event-card-image").first();
    const seen = await img.evaluate((el: HTMLImageElement) => ({
      currentSrc: el.currentSrc,
      alt: el.getAttribute("alt"),
      width: el.getAttribute("width"),
      height: el.getAttribute("height"),
    }));
    await context.close();
    expect(seen).toEqual({ currentSrc: `${site.url}/media/cica-headquarters-400x225.webp`, alt: "", width: "800", height: "450" });
  });
});

/** The copy the browser chose for the first picture matching `selector`, and how wide it is shown (CSS px). */
async function chosenCopy(path: string, selector: string, width: number, deviceScaleFactor: number) {
  const context = await site.browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor });
  const page = await context.newPage();
  await page.goto(site.url + path);
  await waitForImage(page, selector);
  const seen = await page
    .locator(selector)
    .first()
    .evaluate((el: HTMLImageElement) => ({ currentSrc: el.currentSrc, shownWidth: el.getBoundingClientRect().width }));
  await context.close();
  return seen;
}

describe("a picture's copy fits the box it is shown in (sizes follow site.css)", () => {
  it("a listing card's small picture on a 2× phone is the 400 px copy, not the 800 px one", async () => {
    const seen = await chosenCopy("/en/events/year/2022/", ".event-card-image", 390, 2);
    expect(seen.shownWidth * 2).toBeLessThanOrEqual(400);
    expect(seen.currentSrc).toBe(`${site.url}/media/cica-headquarters-400x225.webp`);
  });

  it("the home page's featured picture on a 1366 px screen is the 800 px copy, not a blurry 400 px one", async () => {
    const seen = await chosenCopy("/en/", ".event-card-featured .event-card-image", 1366, 1);
    expect(seen.shownWidth).toBeGreaterThan(400);
    expect(seen.currentSrc).toBe(`${site.url}/media/cica-headquarters-800x450.webp`);
  });
});

/** The page's cumulative layout shift after load (Chromium's layout-shift entries), as Lighthouse counts it. */
async function layoutShiftOf(path: string): Promise<number> {
  const context = await site.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(site.url + path, { waitUntil: "load" });
  await page.waitForLoadState("networkidle");
  const shift = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries())
            total += (entry as unknown as { value: number; hadRecentInput: boolean }).hadRecentInput
              ? 0
              : (entry as unknown as { value: number }).value;
        }).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve(total), 300);
      }),
  );
  await context.close();
  return shift;
}

describe("the home page's featured event (Lighthouse: largest picture, layout shift)", () => {
  it("its picture is the page's first image: eager, fetched with high priority", async () => {
    const context = await site.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${site.url}/en/`);
    const seen = await page.locator(".event-card-featured .event-card-image").evaluate((el: HTMLImageElement) => ({
      loading: el.getAttribute("loading"),
      fetchpriority: el.getAttribute("fetchpriority"),
      firstImage: document.querySelector("img") === el,
    }));
    const others = await page
      .locator(".event-card:not(.event-card-featured) .event-card-image")
      .evaluateAll((els) => els.map((el) => el.getAttribute("loading")));
    await context.close();
    expect(seen).toEqual({ loading: "eager", fetchpriority: "high", firstImage: true });
    expect(new Set(others)).toEqual(new Set(others.length ? ["lazy"] : []));
  });

  it("nothing on the home and search pages moves once they have loaded (layout shift under 0.01)", async () => {
    for (const locale of ["en", "zh"]) {
      expect(await layoutShiftOf(`/${locale}/`)).toBeLessThan(0.01);
      expect(await layoutShiftOf(`/${locale}/search/`)).toBeLessThan(0.01);
    }
  });
});
