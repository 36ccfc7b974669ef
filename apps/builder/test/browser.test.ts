// The real site, built from the sample content and served by the static server with its
// security headers, in Debian's Chromium: no page breaks the Content-Security-Policy, and the
// pages' scripts still work under it.
import { sampleSnapshot } from "@cica/site/testing";
import type { BrowserContextOptions, Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { sampleSiteForFile } from "./sample-site.js";

const snapshot = sampleSnapshot();
const event = snapshot.events[0];

const sample = sampleSiteForFile({ prefix: "cica-builder-browser-", snapshot, browser: true });

/** Opens a page, collecting every CSP violation (the DOM event and the console's report). */
async function open(
  path: string,
  options: BrowserContextOptions = {},
): Promise<{ page: Page; violations: () => Promise<string[]>; close: () => Promise<void> }> {
  const context = await sample.browser.newContext(options);
  const page = await context.newPage();
  const reported: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Permissions-Policy|Permissions policy/i.test(message.text())) reported.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __cspViolations: seen });
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(`${sample.service.siteUrl}${path}`);
  expect(response?.headers()["content-security-policy"]).toContain("default-src 'self'");
  return {
    page,
    violations: async () => [
      ...reported,
      ...(await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])),
    ],
    close: () => context.close(),
  };
}

describe("under the site's Content-Security-Policy", () => {
  test("an event page shows the visitor's local time and the copy-link button, with no violation", async () => {
    const { page, violations, close } = await open(`/en/events/${event?.slug}/`, { timezoneId: "America/New_York", locale: "en-GB" });
    try {
      await expect.poll(() => page.locator(".local-time").count()).toBeGreaterThan(0);
      expect(await page.getByRole("button", { name: "Copy link" }).isVisible()).toBe(true);
      expect(await violations()).toEqual([]);
    } finally {
      await close();
    }
  });

  test.each(["/en/", "/ru/events/", "/zh/no-such-page/"])("%s loads with no violation", async (path) => {
    const { page, violations, close } = await open(path);
    try {
      await page.waitForLoadState("load");
      expect(await violations()).toEqual([]);
    } finally {
      await close();
    }
  });

  test("the language chooser's script still sends a Russian-speaking visitor to /ru/", async () => {
    const { page, violations, close } = await open("/index.html", { locale: "ru-RU" });
    try {
      await page.waitForURL(/\/ru\/$/);
      expect(await page.locator("html").getAttribute("lang")).toBe("ru");
      expect(await violations()).toEqual([]);
    } finally {
      await close();
    }
  });
});
