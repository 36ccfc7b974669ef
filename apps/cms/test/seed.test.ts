import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Payload } from "payload";
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
