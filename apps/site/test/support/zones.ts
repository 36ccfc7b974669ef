import { IANAZone } from "luxon";
import { canonicalZones } from "@cica/schema";

// The zones the time-zone property tests run over: the schema's list of canonical IANA zones, the
// one the CMS offers editors.
export const allZones: readonly string[] = canonicalZones;

export interface Transition {
  zone: string;
  /** The first millisecond of the new offset. */
  at: number;
  /** Offsets in minutes before and after. */
  from: number;
  to: number;
}

const WEEK = 7 * 864e5;

/**
 * Every change of UTC offset in each zone between two instants, found with
 * luxon by scanning the offset week by week, then narrowing to the minute.
 * (tz offsets never change twice within a week.)
 */
export function offsetTransitions(zones: readonly string[], from: number, to: number): Transition[] {
  const found: Transition[] = [];
  for (const name of zones) {
    const zone = IANAZone.create(name);
    for (let t = from; t < to; t += WEEK) {
      const before = zone.offset(t);
      const after = zone.offset(t + WEEK);
      if (before === after) continue;
      let lo = t;
      let hi = t + WEEK;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (zone.offset(mid) === before) lo = mid;
        else hi = mid;
      }
      found.push({ zone: name, at: hi, from: before, to: after });
    }
  }
  return found;
}
