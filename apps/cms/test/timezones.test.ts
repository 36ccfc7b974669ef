import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Payload } from "payload";
import { Event, canonicalZones, parseDocument } from "@cica/schema";
import { startPayload } from "./setup/payload";
import { createStaff } from "./setup/users";
import { errorOf } from "./setup/errors";
import { englishEvent } from "./setup/sampleEvent";

// Issue 10 on the CMS side, through the Local API (the same hooks and
// validation that REST and GraphQL run): every zone, legacy names, DST gap
// and overlap, the end's zone. The admin in a browser: admin-timezones.test.ts.

let payload: Payload;
let staff: Awaited<ReturnType<typeof createStaff>>;
let count = 0;

beforeAll(async () => {
  payload = await startPayload("timezones");
  staff = await createStaff(payload);
});
afterAll(async () => {
  await payload?.destroy();
});

type Row = Record<string, any>;

/** An event saved as an editor would, with the date fields replaced. */
function save(dates: Row) {
  const { startsAt: _s, endsAt: _e, startsAt_tz: _st, endsAt_tz: _et, ...event } = englishEvent(`zone-${++count}`);
  return payload.create({
    collection: "events",
    data: { ...event, ...dates, _status: "draft" } as never,
    draft: true,
    locale: "en",
    user: staff.editor,
    overrideAccess: false,
  }) as Promise<Row>;
}

describe("every zone can be chosen (they crashed the save with HTTP 500)", () => {
  it.each(["Asia/Kolkata", "Asia/Kathmandu", "Asia/Ho_Chi_Minh", "Asia/Yangon", "America/New_York", "Africa/Cairo"])(
    "%s is saved and read back in the site's contract",
    async (zone) => {
      const saved = await save({ startsAt: "2027-05-10T09:00:00.000Z", startsAt_tz: zone });
      const read = (await payload.findByID({ collection: "events", id: saved.id, draft: true, locale: "all", depth: 0 })) as Row;
      expect(read.startsAt_tz).toBe(zone);
      expect(read.timeZone).toBe(zone);
      const parsed = parseDocument(Event, "events", read);
      expect(parsed.ok ? [] : parsed.lines).toEqual([]);
    },
  );

  it("accepts every canonical zone: the zone field's check for all, a save for one zone of every area", async () => {
    const zoneField = payload.collections.events.config.flattenedFields.find((f) => f.name === "startsAt_tz");
    // Cast: flattenedFields is a union of every field type; this is the zone's text field and its validate.
    const validate = (zoneField && "validate" in zoneField ? zoneField.validate : undefined) as
      ((value: unknown, options: never) => unknown) | undefined;
    expect(validate).toBeTypeOf("function");
    const req = { locale: "en" } as never; // the check only reads the locale for its message
    const refused: string[] = [];
    for (const zone of canonicalZones) {
      const result = await validate?.(zone, { req, path: ["startsAt_tz"], required: false } as never);
      if (result !== true) refused.push(`${zone}: ${String(result)}`);
    }
    expect(refused).toEqual([]);
    const areas = [...new Map(canonicalZones.map((zone) => [zone.split("/")[0], zone])).values()];
    expect(areas.length).toBeGreaterThanOrEqual(10);
    const doc = await save({ startsAt_local: "2027-06-01T10:00", startsAt_tz: "UTC" });
    for (const zone of areas) {
      const saved = (await payload.update({
        collection: "events",
        id: doc.id,
        draft: true,
        data: { startsAt_local: "2027-06-01T10:00", startsAt_tz: zone } as never,
        user: staff.editor,
        overrideAccess: false,
        depth: 0,
      })) as Row;
      expect(saved.startsAt_tz).toBe(zone);
    }
  });

  it.each([
    ["Asia/Calcutta", "Asia/Kolkata"],
    ["Asia/Katmandu", "Asia/Kathmandu"],
    ["Asia/Saigon", "Asia/Ho_Chi_Minh"],
    ["Asia/Rangoon", "Asia/Yangon"],
    ["US/Eastern", "America/New_York"],
  ])("the legacy name %s is saved as %s", async (legacy, canonical) => {
    const saved = await save({
      startsAt: "2027-05-10T09:00:00.000Z",
      startsAt_tz: legacy,
      endsAt: "2027-05-10T11:00:00.000Z",
      endsAt_tz: legacy,
    });
    const read = (await payload.findByID({ collection: "events", id: saved.id, draft: true, depth: 0 })) as Row;
    expect([read.startsAt_tz, read.endsAt_tz, read.timeZone]).toEqual([canonical, canonical, canonical]);
  });

  it("an unknown zone is a 400 naming the field, not a 500", async () => {
    const start = await errorOf(save({ startsAt: "2027-05-10T09:00:00.000Z", startsAt_tz: "Asia/Beijing" }));
    expect(start.status).toBe(400);
    expect(start.message).toMatch(/startsAt_tz \[all languages\]: "Asia\/Beijing" must be an IANA time zone/);
    const end = await errorOf(
      save({
        startsAt: "2027-05-10T09:00:00.000Z",
        startsAt_tz: "Asia/Almaty",
        endsAt: "2027-05-10T10:00:00.000Z",
        endsAt_tz: "Mars/Olympus_Mons",
      }),
    );
    expect(end.status).toBe(400);
    expect(end.message).toMatch(/endsAt_tz \[all languages\]: "Mars\/Olympus_Mons"/);
  });
});

describe("wall-clock entry", () => {
  it("stores the instant for the time typed in the event's zone (half- and quarter-hour zones too)", async () => {
    const kathmandu = await save({ startsAt_local: "2027-05-10T09:00", startsAt_tz: "Asia/Kathmandu", endsAt_local: "2027-05-10T17:30" });
    expect(kathmandu.startsAt).toBe("2027-05-10T03:15:00.000Z");
    expect(kathmandu.endsAt).toBe("2027-05-10T11:45:00.000Z");
    const read = (await payload.findByID({ collection: "events", id: kathmandu.id, draft: true, depth: 0 })) as Row;
    expect([read.startsAt_local, read.endsAt_local]).toEqual(["2027-05-10T09:00", "2027-05-10T17:30"]);
  });

  it("a REST-style writer may still send the instant and the zone", async () => {
    const saved = await save({ startsAt: "2027-03-28T01:30:00.000Z", startsAt_tz: "Europe/London" });
    expect(saved.startsAt).toBe("2027-03-28T01:30:00.000Z");
    const read = (await payload.findByID({ collection: "events", id: saved.id, draft: true, depth: 0 })) as Row;
    expect(read.startsAt_local).toBe("2027-03-28T02:30");
  });

  it("the wall-clock time wins over an instant sent with it (the admin sends both)", async () => {
    const saved = await save({ startsAt: "2027-03-28T02:30:00.000Z", startsAt_local: "2027-03-28T02:30", startsAt_tz: "Europe/London" });
    expect(saved.startsAt).toBe("2027-03-28T01:30:00.000Z");
  });
});

describe("DST", () => {
  it("a time the clocks skip is a 400 naming the field and the next valid time (it was saved as 02:30 BST)", async () => {
    const gap = await errorOf(save({ startsAt_local: "2027-03-28T01:30", startsAt_tz: "Europe/London" }));
    expect(gap.status).toBe(400);
    expect(gap.message).toMatch(
      /startsAt \[all languages\]: 2027-03-28 01:30 does not exist in Europe\/London .*next valid time is 2027-03-28 02:00/,
    );
  });

  it("a time the clocks show twice is the earlier by default, the later when chosen, and reads back as chosen", async () => {
    const earlier = await save({ startsAt_local: "2027-10-31T01:30", startsAt_tz: "Europe/London" });
    const later = await save({ startsAt_local: "2027-10-31T01:30", startsAt_fold: "later", startsAt_tz: "Europe/London" });
    expect(earlier.startsAt).toBe("2027-10-31T00:30:00.000Z");
    expect(later.startsAt).toBe("2027-10-31T01:30:00.000Z");
    const read = (await payload.findByID({ collection: "events", id: later.id, draft: true, depth: 0 })) as Row;
    expect([read.startsAt_local, read.startsAt_fold]).toEqual(["2027-10-31T01:30", "later"]);
    const bad = await errorOf(save({ startsAt_local: "2027-10-31T01:30", startsAt_fold: "second", startsAt_tz: "Europe/London" }));
    expect(bad.status).toBe(400);
    expect(bad.message).toMatch(/startsAt_fold \[all languages\]/);
  });
});

describe("the end's zone", () => {
  it("defaults to the start's zone, so an end without one is saved (the server refused it naming both zones)", async () => {
    const saved = await save({ startsAt_local: "2027-02-20T23:30", startsAt_tz: "Asia/Tehran", endsAt_local: "2027-02-21T01:30" });
    expect(saved.endsAt_tz).toBe("Asia/Tehran");
    expect(saved.endsAt).toBe("2027-02-20T22:00:00.000Z");
    const byInstant = await save({ startsAt: "2027-02-20T20:00:00.000Z", startsAt_tz: "Asia/Tehran", endsAt: "2027-02-20T22:00:00.000Z" });
    expect(byInstant.endsAt_tz).toBe("Asia/Tehran");
  });
});

describe("writers that send only some of the date fields", () => {
  it("a new instant alone moves the event; the stored wall clock does not override it", async () => {
    const doc = await save({ startsAt_local: "2027-05-10T09:00", startsAt_tz: "Asia/Kolkata" });
    const moved = (await payload.update({
      collection: "events",
      id: doc.id,
      draft: true,
      data: { startsAt: "2027-05-12T03:30:00.000Z" } as never,
      user: staff.editor,
      overrideAccess: false,
      depth: 0,
    })) as Row;
    expect([moved.startsAt, moved.startsAt_local]).toEqual(["2027-05-12T03:30:00.000Z", "2027-05-12T09:00"]);
  });

  it("a new wall clock alone is read in the stored zone", async () => {
    const doc = await save({ startsAt_local: "2027-05-10T09:00", startsAt_tz: "Asia/Kolkata" });
    const moved = (await payload.update({
      collection: "events",
      id: doc.id,
      draft: true,
      data: { startsAt_local: "2027-05-12T10:00" } as never,
      user: staff.editor,
      overrideAccess: false,
      depth: 0,
    })) as Row;
    expect(moved.startsAt).toBe("2027-05-12T04:30:00.000Z");
  });
});
