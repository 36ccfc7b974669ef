import { DateTime, IANAZone } from "luxon";
import type { LocaleCode } from "./locales.js";

// Editors think in the event's own wall-clock time ("13:00 in Beijing"); the
// database and calendars need instants. The offsets come from Intl (the tz
// data in the runtime's ICU) through luxon; placing a wall-clock time is done
// here because luxon silently moves a time in a DST gap forward and picks one
// of the two readings of an ambiguous time without saying so.

/** Which of two readings of an ambiguous wall-clock time (the hour repeated when clocks go back). */
export const folds = ["earlier", "later"] as const;
export type Fold = (typeof folds)[number];

/** Where a wall-clock time falls in a zone: once, twice (an overlap), or never (a gap). */
export type WallClockPlacement =
  | { kind: "unique"; instant: string }
  | { kind: "ambiguous"; earlier: string; later: string }
  | { kind: "gap"; nextValid: string };

/** A wall-clock time that the zone's clocks skip (spring forward); says the first time that exists after it. */
export class NonexistentWallClock extends Error {
  constructor(
    readonly wallClock: string,
    readonly timeZone: string,
    readonly nextValid: string,
  ) {
    super(`${wallClock.replace("T", " ")} does not exist in ${timeZone} (the clocks skip it); the next valid time is ${nextValid.replace("T", " ")}`);
    this.name = "NonexistentWallClock";
  }
}

const wallClockPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;
const minute = 60_000;
const day = 24 * 60 * minute;

function zoneOf(timeZone: string): IANAZone {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new Error(`"${timeZone}" is not an IANA time zone`);
  return zone;
}

/** The wall-clock time as milliseconds "as if it were UTC" (no zone applied yet). */
function naiveMillis(wallClock: string): number {
  const local = wallClockPattern.test(wallClock) ? DateTime.fromISO(wallClock, { zone: "utc" }) : null;
  if (!local?.isValid) throw new Error(`"${wallClock}" is not a date and time such as 2027-03-28T09:30`);
  return local.toMillis();
}

const iso = (millis: number) => new Date(millis).toISOString();

/** "2027-03-28T01:30" in "Europe/London" → a gap, with 02:00 as the next valid time. */
export function placeWallClock(wallClock: string, timeZone: string): WallClockPlacement {
  const zone = zoneOf(timeZone);
  const naive = naiveMillis(wallClock);
  // Every offset the zone has within two days either side; a time can only be read with one of them.
  const offsets = [...new Set([-2, -1, 0, 1, 2].map((d) => zone.offset(naive + d * day)))];
  const instants = offsets
    .map((offset) => naive - offset * minute)
    .filter((instant) => naive - zone.offset(instant) * minute === instant)
    .sort((a, b) => a - b);
  const [first, ...rest] = [...new Set(instants)];
  if (first !== undefined) {
    const last = rest.at(-1);
    return last === undefined ? { kind: "unique", instant: iso(first) } : { kind: "ambiguous", earlier: iso(first), later: iso(last) };
  }
  // A gap: the clocks jump past this time at one instant; the first valid time is that instant's.
  let before = naive - Math.max(...offsets) * minute;
  let after = naive - Math.min(...offsets) * minute;
  const offsetBefore = zone.offset(before);
  while (after - before > 1000) {
    const middle = before + Math.floor((after - before) / 2000) * 1000;
    if (zone.offset(middle) === offsetBefore) before = middle;
    else after = middle;
  }
  return { kind: "gap", nextValid: instantToWallClock(iso(after), timeZone) };
}

/**
 * "2022-10-31T13:00" in "Asia/Shanghai" → "2022-10-31T05:00:00.000Z". An
 * ambiguous time takes the reading asked for (the earlier by default); a time
 * the clocks skip throws NonexistentWallClock naming the next valid time.
 */
export function wallClockToInstant(wallClock: string, timeZone: string, fold: Fold = "earlier"): string {
  const placed = placeWallClock(wallClock, timeZone);
  if (placed.kind === "gap") throw new NonexistentWallClock(wallClock, timeZone, placed.nextValid);
  if (placed.kind === "ambiguous") return fold === "later" ? placed.later : placed.earlier;
  return placed.instant;
}

/** The instant as the event's own wall-clock time, "2022-10-31T13:00". */
export function instantToWallClock(instant: string, timeZone: string): string {
  return DateTime.fromISO(instant, { zone: "utc" }).setZone(timeZone).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** Whether the instant is the later reading of a wall-clock time that occurs twice; null when it occurs once. */
export function foldOf(instant: string, timeZone: string): Fold | null {
  const placed = placeWallClock(instantToWallClock(instant, timeZone), timeZone);
  if (placed.kind !== "ambiguous") return null;
  const offset = zoneOf(timeZone).offset(Date.parse(instant));
  return offset === zoneOf(timeZone).offset(Date.parse(placed.later)) ? "later" : "earlier";
}

/** "GMT+8", "GMT+5:30", "GMT" — the form the announcements use. */
export function gmtOffsetLabel(instant: string, timeZone: string): string {
  const offset = DateTime.fromISO(instant, { zone: "utc" }).setZone(timeZone).offset;
  if (offset === 0) return "GMT";
  const sign = offset > 0 ? "+" : "-";
  const hours = Math.floor(Math.abs(offset) / 60);
  const minutes = Math.abs(offset) % 60;
  return `GMT${sign}${hours}${minutes ? `:${String(minutes).padStart(2, "0")}` : ""}`;
}

/** The instant with the zone's offset, "2022-10-31T13:00:00+08:00" (schema.org, iCalendar). */
export function instantWithOffset(instant: string, timeZone: string): string {
  return DateTime.fromISO(instant, { zone: "utc" }).setZone(timeZone).toISO({ suppressMilliseconds: true }) ?? instant;
}

// How the CICA region's own capitals name their time. Intl gives "China Standard
// Time"; the Secretariat's announcements say "Beijing time", so capitals come first.
const zoneNames: Record<string, Record<LocaleCode, string>> = {
  "Asia/Shanghai": { en: "Beijing time", ru: "по пекинскому времени", zh: "北京时间" },
  "Asia/Almaty": { en: "Astana time", ru: "по времени Астаны", zh: "阿斯塔纳时间" },
  "Asia/Qostanay": { en: "Astana time", ru: "по времени Астаны", zh: "阿斯塔纳时间" },
  "Europe/Moscow": { en: "Moscow time", ru: "по московскому времени", zh: "莫斯科时间" },
  "Asia/Tashkent": { en: "Tashkent time", ru: "по ташкентскому времени", zh: "塔什干时间" },
  "Asia/Dushanbe": { en: "Dushanbe time", ru: "по душанбинскому времени", zh: "杜尚别时间" },
  "Asia/Bishkek": { en: "Bishkek time", ru: "по бишкекскому времени", zh: "比什凯克时间" },
  "Asia/Baku": { en: "Baku time", ru: "по бакинскому времени", zh: "巴库时间" },
  "Asia/Kolkata": { en: "India Standard Time", ru: "по индийскому времени", zh: "印度标准时间" },
  "Asia/Tehran": { en: "Tehran time", ru: "по тегеранскому времени", zh: "德黑兰时间" },
  "Europe/Istanbul": { en: "Ankara time", ru: "по анкарскому времени", zh: "安卡拉时间" },
  "Asia/Dhaka": { en: "Dhaka time", ru: "по времени Дакки", zh: "达卡时间" },
  "Asia/Bangkok": { en: "Bangkok time", ru: "по бангкокскому времени", zh: "曼谷时间" },
  "Asia/Seoul": { en: "Seoul time", ru: "по сеульскому времени", zh: "首尔时间" },
  "Asia/Ulaanbaatar": { en: "Ulaanbaatar time", ru: "по времени Улан-Батора", zh: "乌兰巴托时间" },
  UTC: { en: "UTC", ru: "UTC", zh: "协调世界时" },
};

/** The zone's name as a reader of that language expects it. */
export function timeZoneName(timeZone: string, locale: LocaleCode, bcp47: string = locale): string {
  const known = zoneNames[timeZone]?.[locale];
  if (known) return known;
  const part = new Intl.DateTimeFormat(bcp47, { timeZone, timeZoneName: "longGeneric" })
    .formatToParts(new Date())
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}
