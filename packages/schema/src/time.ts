import { DateTime } from "luxon";
import type { LocaleCode } from "./locales.js";

// Editors think in the event's own wall-clock time ("13:00 in Beijing"); the
// database and calendars need instants. Luxon does the zone arithmetic.

/** "2022-10-31T13:00" in "Asia/Shanghai" → "2022-10-31T05:00:00.000Z". */
export function wallClockToInstant(wallClock: string, timeZone: string): string {
  const local = DateTime.fromISO(wallClock, { zone: timeZone });
  if (!local.isValid) throw new Error(`"${wallClock}" is not a date and time (${local.invalidExplanation ?? "invalid"})`);
  const instant = local.toUTC().toISO();
  if (!instant) throw new Error(`"${wallClock}" cannot be placed in ${timeZone}`);
  return instant;
}

/** The instant as the event's own wall-clock time, "2022-10-31T13:00". */
export function instantToWallClock(instant: string, timeZone: string): string {
  return DateTime.fromISO(instant, { zone: "utc" }).setZone(timeZone).toFormat("yyyy-MM-dd'T'HH:mm");
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
