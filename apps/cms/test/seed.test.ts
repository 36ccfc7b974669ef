import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Payload } from "payload";
import { limits } from "@cica/schema";
import { startPayload } from "./setup/payload";

let payload: Payload;
let seed: typeof import("../src/seed/index.js").seed;

beforeAll(async () => {
  payload = await startPayload("seed");
  ({ seed } = await import("../src/seed/index"));
});
afterAll(async () => {
  await payload?.destroy();
});

describe("seed", () => {
  it("loads the sample content once and is idempotent", async () => {
    const first = await seed(payload);
    expect(first.created).toContain("events/cica-seminar-on-green-and-low-carbon-city-development");
    const counts = async () => ({
      events: (await payload.count({ collection: "events", overrideAccess: true })).totalDocs,
      organizations: (await payload.count({ collection: "organizations", overrideAccess: true })).totalDocs,
      users: (await payload.count({ collection: "users", overrideAccess: true })).totalDocs,
    });
    const before = await counts();
    expect(before.events).toBeGreaterThanOrEqual(7);
    const second = await seed(payload);
    expect(second.created).toEqual([]);
    expect(await counts()).toEqual(before);
  });
});

describe("seeded site settings", () => {
  it("label the footer link in every language, and an English save of them succeeds", async () => {
    const { SOURCE_ANNOUNCEMENT } = await import("@cica/fixtures");
    const { sideEffectsOff } = await import("../src/lib/context");
    // The seed's settings come from the announcement fixture (a JSON document; its settings are untyped there).
    const fixture = SOURCE_ANNOUNCEMENT as unknown as { settings: { footer: { links: { label: Record<string, string> }[] } } };
    await seed(payload);
    const common = { slug: "site-settings", overrideAccess: true, depth: 0, context: sideEffectsOff } as const;
    const all = (await payload.findGlobal({ ...common, locale: "all" })) as { footer?: { links?: { label?: unknown }[] } };
    expect(all.footer?.links?.map((link) => link.label)).toEqual(fixture.settings.footer.links.map((link) => link.label));

    // What the admin's English form sends back: the settings as they read in English, unchanged.
    const english = await payload.findGlobal({ ...common, locale: "en", fallbackLocale: false });
    const { id: _id, globalType: _g, createdAt: _c, updatedAt: _u, ...data } = english as unknown as Record<string, unknown>;
    const saved = await payload.updateGlobal({ ...common, locale: "en", data: { ...data, _status: "published" } as never });
    expect((saved as { footer?: { links?: { label?: unknown }[] } }).footer?.links?.[0]?.label).toBe(
      fixture.settings.footer.links[0]?.label.en,
    );
  });

  it("give events without an end a bounded calendar duration, 60 minutes unless changed", async () => {
    const { sideEffectsOff } = await import("../src/lib/context");
    const common = { slug: "site-settings", overrideAccess: true, depth: 0, context: sideEffectsOff, locale: "en" } as const;
    const settings = (await payload.findGlobal(common)) as { calendarDefaultDurationMinutes?: number };
    expect(settings.calendarDefaultDurationMinutes).toBe(limits.calendarDurationMinutes.default);
    const { min, max } = limits.calendarDurationMinutes;
    for (const [value, message] of [
      [min - 1, `at least ${min}`],
      [max + 1, `at most ${max}`],
      [90.5, "whole number"],
    ] as const) {
      for (const draft of [false, true]) {
        const save = payload.updateGlobal({ ...common, draft, data: { calendarDefaultDurationMinutes: value } as never });
        await expect(save, `${value}${draft ? " (draft)" : ""}`).rejects.toMatchObject({
          status: 400,
          message: expect.stringContaining("calendarDefaultDurationMinutes"),
        });
        await expect(save.catch((error: { data?: unknown }) => JSON.stringify(error.data))).resolves.toContain(message);
      }
    }
    const saved = await payload.updateGlobal({ ...common, data: { calendarDefaultDurationMinutes: 90, _status: "published" } as never });
    expect((saved as { calendarDefaultDurationMinutes?: number }).calendarDefaultDurationMinutes).toBe(90);
  });
});
