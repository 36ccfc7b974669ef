import fc from "fast-check";
import { IANAZone } from "luxon";
import { describe, expect, it } from "vitest";
import {
  NonexistentWallClock,
  canonicalZones,
  foldOf,
  instantToWallClock,
  placeWallClock,
  wallClockToInstant,
  type Fold,
} from "../src/index.js";

// Issue 10, items 2 and 4 and the round-trip property: a wall-clock time in a
// DST gap is refused with the next valid time; one in an overlap takes the
// reading the editor chose; every other one comes back as it was typed.

const minute = 60_000;
const hour = 60 * minute;

describe("wall-clock times around DST changes", () => {
  it("refuses 01:30 on London's spring-forward night and names 02:00 (it was saved as 02:30 BST)", () => {
    expect(() => wallClockToInstant("2027-03-28T01:30", "Europe/London")).toThrow(NonexistentWallClock);
    expect(() => wallClockToInstant("2027-03-28T01:30", "Europe/London")).toThrow(/next valid time is 2027-03-28 02:00/);
    expect(placeWallClock("2027-03-28T01:30", "Europe/London")).toEqual({ kind: "gap", nextValid: "2027-03-28T02:00" });
  });

  it("reads 01:30 on London's fall-back night as the earlier hour unless the later is chosen", () => {
    expect(wallClockToInstant("2027-10-31T01:30", "Europe/London")).toBe("2027-10-31T00:30:00.000Z");
    expect(wallClockToInstant("2027-10-31T01:30", "Europe/London", "later")).toBe("2027-10-31T01:30:00.000Z");
    expect(foldOf("2027-10-31T00:30:00.000Z", "Europe/London")).toBe("earlier");
    expect(foldOf("2027-10-31T01:30:00.000Z", "Europe/London")).toBe("later");
    expect(foldOf("2027-10-31T03:30:00.000Z", "Europe/London")).toBeNull();
  });

  it("places half- and quarter-hour zones and the browser repro's 02:30 London time", () => {
    expect(wallClockToInstant("2026-11-02T09:00", "Asia/Kathmandu")).toBe("2026-11-02T03:15:00.000Z");
    expect(wallClockToInstant("2026-11-02T09:00", "Asia/Kolkata")).toBe("2026-11-02T03:30:00.000Z");
    // 2027-03-28 is a DST-change date in both London and Berlin; 02:30 exists in London.
    expect(wallClockToInstant("2027-03-28T02:30", "Europe/London")).toBe("2027-03-28T01:30:00.000Z");
  });

  it("refuses what is not a wall-clock time", () => {
    for (const text of ["2027-03-28", "2027-03-28T25:00", "2027-03-28T09:30Z", "2027-03-28T09:30+01:00", "tomorrow"]) {
      expect(() => wallClockToInstant(text, "Europe/London")).toThrow(/not a date and time/);
    }
    expect(() => wallClockToInstant("2027-03-28T09:30", "Mars/Olympus_Mons")).toThrow(/not an IANA time zone/);
  });
});

type Transition = { zone: string; at: number; before: number; after: number };

/** Every offset change of every canonical zone in 2026–2028, found by Intl (through luxon), independently of placeWallClock. */
function transitions2026to2028(): Transition[] {
  const found: Transition[] = [];
  const start = Date.UTC(2026, 0, 1);
  const end = Date.UTC(2029, 0, 1);
  for (const name of canonicalZones) {
    const zone = IANAZone.create(name);
    let previous = zone.offset(start);
    for (let t = start + 6 * hour; t <= end; t += 6 * hour) {
      const offset = zone.offset(t);
      if (offset === previous) continue;
      let lo = t - 6 * hour;
      let hi = t;
      while (hi - lo > minute) {
        const mid = lo + Math.floor((hi - lo) / 2 / minute) * minute;
        if (zone.offset(mid) === previous) lo = mid;
        else hi = mid;
      }
      found.push({ zone: name, at: hi, before: previous, after: offset });
      previous = offset;
    }
  }
  return found;
}

const wallClockOf = (naive: number) => new Date(naive).toISOString().slice(0, 16);

describe("round trip over every canonical zone and every transition 2026–2028", () => {
  const transitions = transitions2026to2028();

  it("wall clock → UTC → wall clock round-trips, or is refused as a gap; overlaps resolve as chosen", () => {
    expect(transitions.length).toBeGreaterThan(500);
    const started = performance.now();
    let cases = 0;
    const nearTransition = fc.record({
      transition: fc.constantFrom(...transitions),
      // Minutes of wall-clock time from the last minute before the change, up to three hours either side.
      minutes: fc.integer({ min: -180, max: 180 }),
      fold: fc.constantFrom<Fold>("earlier", "later"),
    });
    // Every transition once at the middle of its gap or overlap, then random times around random transitions.
    const examples: [{ transition: Transition; minutes: number; fold: Fold }][] = transitions.map((transition) => [
      { transition, minutes: Math.floor(Math.abs(transition.after - transition.before) / 2), fold: "later" },
    ]);
    fc.assert(
      fc.property(nearTransition, ({ transition, minutes, fold }) => {
        cases++;
        const { zone, at, before, after } = transition;
        const naive = at + before * minute + minutes * minute;
        const wallClock = wallClockOf(naive);
        // The oracle, from the transition alone: skipped local times are [at+before, at+after), repeated ones [at+after, at+before).
        const local = (offset: number) => at + offset * minute;
        const inGap = after > before && naive >= local(before) && naive < local(after);
        const repeated = after < before && naive >= local(after) && naive < local(before);
        const placed = placeWallClock(wallClock, zone);
        if (inGap) {
          expect(placed).toEqual({ kind: "gap", nextValid: wallClockOf(local(after)) });
          expect(() => wallClockToInstant(wallClock, zone, fold)).toThrow(NonexistentWallClock);
          return;
        }
        expect(placed.kind).toBe(repeated ? "ambiguous" : "unique");
        const instant = wallClockToInstant(wallClock, zone, fold);
        expect(instantToWallClock(instant, zone)).toBe(wallClock);
        if (placed.kind === "ambiguous") {
          expect(Date.parse(placed.earlier)).toBeLessThan(Date.parse(placed.later));
          expect(instant).toBe(fold === "earlier" ? placed.earlier : placed.later);
          expect(foldOf(instant, zone)).toBe(fold);
          expect(Date.parse(instant)).toBe(naive - (fold === "earlier" ? before : after) * minute);
        } else {
          expect(Date.parse(instant)).toBe(naive - (Date.parse(instant) < at ? before : after) * minute);
        }
      }),
      { numRuns: 20_000, examples, seed: 20261202 },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `round trip: ${cases} cases over ${transitions.length} transitions in ${canonicalZones.length} zones, ${seconds.toFixed(1)} s`,
    );
  }, 300_000);

  it("every zone, also those without DST, round-trips any time of 2026–2028", () => {
    const started = performance.now();
    let cases = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...canonicalZones),
        fc.integer({ min: Date.UTC(2026, 0, 1) / minute, max: Date.UTC(2028, 11, 31, 23, 59) / minute }),
        (zone, minutes) => {
          cases++;
          const wallClock = wallClockOf(minutes * minute);
          const placed = placeWallClock(wallClock, zone);
          if (placed.kind === "gap") return;
          expect(instantToWallClock(wallClockToInstant(wallClock, zone), zone)).toBe(wallClock);
        },
      ),
      { numRuns: 10_000, examples: canonicalZones.map((zone) => [zone, Date.UTC(2027, 5, 1, 9) / minute]), seed: 20261202 },
    );
    console.log(`any time: ${cases} cases over ${canonicalZones.length} zones, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 300_000);
});
