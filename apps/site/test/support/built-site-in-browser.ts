import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { launchBrowser, serveFolder } from "./browser.js";
import { buildSample, removeTempDirs } from "./build.js";
import type { Listening } from "./listen.js";

export type SiteInBrowser = {
  /** Where the built site is served, without a trailing slash. */
  readonly url: string;
  readonly browser: Browser;
};

/**
 * For a browser test file: builds the sample (or a variant of it) without errors, serves the folder
 * and opens one Chromium for the whole file, all closed after it. Read `url` and `browser` in tests
 * (they are set before the first test runs).
 */
export function builtSiteInBrowser(options: Parameters<typeof buildSample>[0] = {}, timeoutMs = 120_000): SiteInBrowser {
  let server: Listening | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    const { outputDir, result } = await buildSample(options);
    expect(result.errors).toEqual([]);
    server = await serveFolder(outputDir);
    browser = await launchBrowser();
  }, timeoutMs);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await removeTempDirs();
  });
  return {
    get url() {
      if (!server) throw new Error("the site is served from beforeAll on");
      return server.url;
    },
    get browser() {
      if (!browser) throw new Error("the browser is open from beforeAll on");
      return browser;
    },
  };
}

/** Waits until the first image matching `selector` has loaded (scrolled into view first, so lazy images load too). */
export async function waitForImage(page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  await page.waitForFunction((s) => {
    const el = document.querySelector<HTMLImageElement>(s);
    return el !== null && el.complete && el.naturalWidth > 0;
  }, selector);
}
