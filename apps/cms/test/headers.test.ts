import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium } from "playwright-core";
import { suiteEnv } from "./setup/payload";
import { login, startCms, type RunningCms } from "./setup/server";
import { englishEvent } from "./setup/sampleEvent";
import { securityHeaders } from "../src/lib/securityHeaders";

// Issue 8, item 4 (the CMS half): the admin cannot be framed by another site, nothing is sniffed,
// and the admin works under its Content-Security-Policy in a real browser.

const admin = { email: "admin@headers.test", password: "Test-only-Admin-2024!" };
let cms: RunningCms;

beforeAll(async () => {
  cms = await startCms({ ...suiteEnv("headers"), ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, CMS_SEED_ON_EMPTY: "true" });
});
afterAll(async () => {
  await cms?.stop();
});

describe("response headers", () => {
  it.each(["/admin/login", "/api/events?limit=1"])("%s cannot be framed by another site and is not sniffed", async (path) => {
    const res = await fetch(`${cms.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    // CMS_URL is http here: no HSTS (a browser would ignore it anyway).
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });

  it("the admin has a Content-Security-Policy that only its own origin may frame", async () => {
    const csp = (await fetch(`${cms.url}/admin/login`)).headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/frame-ancestors 'self'/);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/object-src 'none'/);
  });

  it("adds HSTS when CMS_URL is https", () => {
    expect(securityHeaders("/admin", "https://cms.example.org")["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(securityHeaders("/admin", "http://localhost:3000")["Strict-Transport-Security"]).toBeUndefined();
  });
});

describe("the admin in Chromium under its CSP", () => {
  it("signs in and opens an event's edit view without a single CSP violation", async () => {
    const auth = await login(cms.url, admin.email, admin.password);
    const created = await fetch(`${cms.url}/api/events?locale=en&draft=true`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: auth },
      body: JSON.stringify({ ...englishEvent("csp-check"), _status: "draft" }),
    });
    expect(created.status).toBe(201);
    const { doc } = (await created.json()) as { doc: { id: string } };

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox"],
    });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      // Chromium reports a violation both on the console and as a DOM event; either counts.
      page.on("console", (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
      });
      await page.exposeFunction("reportCspViolation", (violation: string) => violations.push(violation));
      await page.addInitScript(() =>
        document.addEventListener("securitypolicyviolation", (event) =>
          // exposed by page.exposeFunction above; the page's Window type does not know it
          Reflect.get(window, "reportCspViolation")(`${event.violatedDirective} ${event.blockedURI}`),
        ),
      );
      await page.goto(`${cms.url}/admin/login`);
      await page.fill("#field-email", admin.email);
      await page.fill("#field-password", admin.password);
      await page.click("button[type=submit]");
      await page.waitForURL((url) => !url.pathname.includes("/login"), { timeout: 60_000 });
      await page.goto(`${cms.url}/admin/collections/events/${doc.id}`);
      await page.locator("#field-title").waitFor({ timeout: 60_000 });
      expect(await page.inputValue("#field-title")).toBe(englishEvent("csp-check").title);
      await page.waitForLoadState("networkidle");
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
