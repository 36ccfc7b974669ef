import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Payload } from "payload";
import { chromium, type Browser } from "playwright-core";
import type { BuildReport } from "@cica/schema";
import { SIGNATURE_HEADER, sign } from "@cica/schema/signature";
import { suiteEnv } from "./setup/payload";
import { login, startCms, type RunningCms } from "./setup/server";
import { createStaff, password } from "./setup/users";
import { englishEvent, russian } from "./setup/sampleEvent";

// Issue 9, isolation, as an editor sees it in the production admin: the live
// build left an event out, so its edit view and the events list say
// "Published, not live: <reason>", and the build status lists it as open.

let cms: RunningCms;
let payload: Payload;
let browser: Browser;
let token: string;
let brokenId: string;
const reason = () => `events/${brokenId} · en · title: is required`;

beforeAll(async () => {
  const env = suiteEnv("notlive");
  cms = await startCms(env);
  Object.assign(process.env, env);
  const { getPayload } = await import("payload");
  const { default: config } = await import("../src/payload.config");
  payload = await getPayload({ config });
  await createStaff(payload);
  token = (await login(cms.url, "editor@test.local", password)).replace(/^JWT /, "");
  // Saved as a draft in Russian only (allowed), then published around the CMS (which refuses that, test/contract.test.ts).
  const { title: _t, city: _c, venue: _v, summary: _s, ...shared } = englishEvent("browser-broken");
  const broken = await payload.create({
    collection: "events",
    data: { ...shared, title: russian.title, city: russian.city, _status: "draft" } as never,
    locale: "ru",
    draft: true,
    overrideAccess: true,
    context: { sideEffects: false },
  });
  await payload.db.updateOne({ collection: "events", id: broken.id, data: { _status: "published" }, req: undefined as never });
  brokenId = String(broken.id);
  const report: BuildReport = {
    id: "20261202T000000000Z-notlive",
    kind: "build",
    status: "success",
    live: true,
    triggers: [],
    notices: 1,
    startedAt: new Date(Date.now() - 2000).toISOString(),
    finishedAt: new Date().toISOString(),
    durationMs: 2000,
    pagesWritten: 10,
    errors: [],
    failures: [{ collection: "events", id: brokenId, label: "browser-broken", errors: [reason()], kept: false }],
    siteUrl: "http://localhost:8080",
  };
  const body = JSON.stringify(report);
  const res = await fetch(`${cms.url}/api/builds`, {
    method: "POST",
    headers: { "content-type": "application/json", [SIGNATURE_HEADER]: sign(env.BUILD_HOOK_SECRET!, body) },
    body,
  });
  expect(res.status).toBe(201);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
    headless: true,
  });
});
afterAll(async () => {
  await browser?.close();
  await payload?.destroy();
  await cms?.stop();
});

async function editorPage(path: string) {
  const context = await browser.newContext();
  await context.addCookies([{ name: "payload-token", value: token, url: cms.url }]);
  const page = await context.newPage();
  await page.goto(`${cms.url}${path}`);
  return page;
}

describe("the admin shows an event the live build left out", () => {
  it("in the events list, with the build status listing it as open", async () => {
    const page = await editorPage("/admin/collections/events");
    await page.getByText(`Published, not live: ${reason()}`).first().waitFor();
    const status = page.getByTestId("not-live-list");
    await status.waitFor();
    expect(await status.textContent()).toContain("1 published item is not live:");
    expect(await status.textContent()).toContain(`events/browser-broken: ${reason()}`);
    await page.context().close();
  });

  it("in the event's edit view", async () => {
    const page = await editorPage(`/admin/collections/events/${brokenId}`);
    const notice = page.getByTestId("not-live");
    await notice.waitFor();
    expect(await notice.textContent()).toContain(`Published, not live: ${reason()}`);
    expect(await notice.textContent()).toContain("The site does not show this event yet.");
    await page.context().close();
  });
});
