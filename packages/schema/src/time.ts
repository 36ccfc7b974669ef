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
  { kind: "unique"; instant: string } | { kind: "ambiguous"; earlier: string; later: string } | { kind: "gap"; nextValid: string };

/** A wall-clock time that the zone's clocks skip (spring forward); says the first time that exists after it. */
export class NonexistentWallClock extends Error {
  constructor(
    readonly wallClock: string,
    readonly timeZone: string,
    readonly nextValid: string,
  ) {
    super(
      `${wallClock.replace("T", " ")} does not exist in ${timeZone} (the clocks skip it); the next valid time is ${nextValid.replace("T", " ")}`,
    );
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

// How zones are named on the pages. Intl's generic names ("longGeneric") read
// well in many English and Chinese cases ("Eastern Time", "印度标准时间"), but
// ICU names a zone by its country or region where a reader expects a city or a
// capital: "United Kingdom Time", "Eastern European Time" for Cairo, "India
// Standard Time" for Colombo, "Moscow Standard Time" for Minsk, and in Russian
// it gives a bare place ("Непал", "Восточная Европа", "Китай, стандартное
// время") where Russian says «по ... времени». Intl exposes no exemplar city
// (ICU's "VVVV" pattern has no Intl option), so a table lists, per locale, only
// the names ICU gets wrong; every other zone and locale takes Intl's name.
// Capitals come first, as the Secretariat's announcements write them
// ("Beijing time", "Astana time", "Ankara time", "Hanoi time").
const zoneNames: Record<string, Partial<Record<LocaleCode, string>>> = {
  "Asia/Shanghai": { en: "Beijing time", ru: "по пекинскому времени", zh: "北京时间" },
  "Asia/Almaty": { en: "Astana time", ru: "по времени Астаны", zh: "阿斯塔纳时间" },
  "Asia/Qostanay": { en: "Astana time", ru: "по времени Астаны", zh: "阿斯塔纳时间" },
  "Europe/Moscow": { en: "Moscow time", ru: "по московскому времени", zh: "莫斯科时间" },
  "Asia/Tashkent": { en: "Tashkent time", ru: "по ташкентскому времени", zh: "塔什干时间" },
  "Asia/Samarkand": { en: "Tashkent time", ru: "по ташкентскому времени", zh: "塔什干时间" },
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
  "Asia/Kathmandu": { en: "Kathmandu time", ru: "по времени Катманду", zh: "加德满都时间" },
  "Asia/Ho_Chi_Minh": { en: "Hanoi time", ru: "по ханойскому времени", zh: "河内时间" },
  "Asia/Yangon": { en: "Yangon time", ru: "по времени Янгона", zh: "仰光时间" },
  "Asia/Kabul": { en: "Kabul time", ru: "по кабульскому времени", zh: "喀布尔时间" },
  "Asia/Karachi": { en: "Islamabad time", ru: "по исламабадскому времени", zh: "伊斯兰堡时间" },
  "Asia/Colombo": { en: "Colombo time", ru: "по времени Коломбо", zh: "科伦坡时间" },
  "Asia/Baghdad": { en: "Baghdad time", ru: "по багдадскому времени", zh: "巴格达时间" },
  "Asia/Jerusalem": { ru: "по израильскому времени" },
  "Asia/Gaza": { en: "Palestine time", ru: "по палестинскому времени", zh: "巴勒斯坦时间" },
  "Asia/Hebron": { en: "Palestine time", ru: "по палестинскому времени", zh: "巴勒斯坦时间" },
  "Asia/Amman": { en: "Amman time", ru: "по амманскому времени", zh: "安曼时间" },
  "Asia/Qatar": { en: "Doha time", ru: "по времени Дохи", zh: "多哈时间" },
  "Asia/Riyadh": { en: "Riyadh time", ru: "по времени Эр-Рияда", zh: "利雅得时间" },
  "Asia/Kuwait": { en: "Kuwait time", ru: "по кувейтскому времени", zh: "科威特时间" },
  "Asia/Bahrain": { en: "Manama time", ru: "по времени Манамы", zh: "麦纳麦时间" },
  "Asia/Dubai": { en: "Abu Dhabi time", ru: "по времени Абу-Даби", zh: "阿布扎比时间" },
  "Asia/Phnom_Penh": { en: "Phnom Penh time", ru: "по времени Пномпеня", zh: "金边时间" },
  "Asia/Ashgabat": { en: "Ashgabat time", ru: "по ашхабадскому времени", zh: "阿什哈巴德时间" },
  "Europe/Minsk": { en: "Minsk time", ru: "по минскому времени", zh: "明斯克时间" },
  "Asia/Yerevan": { en: "Yerevan time", ru: "по ереванскому времени", zh: "埃里温时间" },
  "Asia/Tokyo": { ru: "по токийскому времени" },
  "Asia/Jakarta": { en: "Jakarta time", ru: "по джакартскому времени", zh: "雅加达时间" },
  "Asia/Kuala_Lumpur": { en: "Kuala Lumpur time", ru: "по времени Куала-Лумпура", zh: "吉隆坡时间" },
  "Asia/Manila": { ru: "по манильскому времени" },
  "Asia/Singapore": { ru: "по сингапурскому времени" },
  "Asia/Vientiane": { en: "Vientiane time", ru: "по времени Вьентьяна", zh: "万象时间" },
  "Europe/Kyiv": { en: "Kyiv time", ru: "по киевскому времени", zh: "基辅时间" },
  "Europe/London": { en: "London time", ru: "по лондонскому времени", zh: "伦敦时间" },
  "Africa/Cairo": { en: "Cairo time", ru: "по каирскому времени", zh: "开罗时间" },
  // Intl's "Eastern Time" and "北美东部时间" read well; its Russian "Восточная Америка" does not.
  "America/New_York": { ru: "по нью-йоркскому времени", zh: "纽约时间" },
  UTC: { en: "UTC", ru: "UTC", zh: "协调世界时" },
};

// Russian for ICU's shared region names (its English generic name is the key):
// ICU's own Russian ("Центральная Европа") names a place, not a time.
const russianRegionTimes: Record<string, string> = {
  "Central European Time": "по центральноевропейскому времени",
  "Eastern European Time": "по восточноевропейскому времени",
  "Western European Time": "по западноевропейскому времени",
  "Moscow Standard Time": "по московскому времени",
  "Eastern Time": "по восточному времени (США и Канада)",
  "Central Time": "по центральному времени (США и Канада)",
  "Mountain Time": "по горному времени (США и Канада)",
  "Pacific Time": "по тихоокеанскому времени (США и Канада)",
};

/** ICU's id for a zone, so aliases (Asia/Calcutta, Europe/Kiev) and canonical names (Asia/Kolkata, Europe/Kyiv) meet. */
function icuZoneId(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en", { timeZone }).resolvedOptions().timeZone;
  } catch {
    return timeZone;
  }
}

const zoneNamesByIcuId = new Map(Object.entries(zoneNames).map(([zone, names]) => [icuZoneId(zone), names]));

function intlGenericName(timeZone: string, bcp47: string): string | undefined {
  return new Intl.DateTimeFormat(bcp47, { timeZone, timeZoneName: "longGeneric" })
    .formatToParts(new Date())
    .find((p) => p.type === "timeZoneName")?.value;
}

const zoneNameCache = new Map<string, string>();

/** The zone's name as a reader of that language expects it: "London time", «по лондонскому времени», "伦敦时间". */
export function timeZoneName(timeZone: string, locale: LocaleCode, bcp47: string = locale): string {
  const key = `${timeZone}|${locale}|${bcp47}`;
  let name = zoneNameCache.get(key);
  if (name === undefined) {
    name = zoneNameWithoutCache(timeZone, locale, bcp47);
    zoneNameCache.set(key, name);
  }
  return name;
}

function zoneNameWithoutCache(timeZone: string, locale: LocaleCode, bcp47: string): string {
  const known = (zoneNames[timeZone] ?? zoneNamesByIcuId.get(icuZoneId(timeZone)))?.[locale];
  if (known) return known;
  if (locale === "ru") {
    const region = russianRegionTimes[intlGenericName(timeZone, "en") ?? ""];
    if (region) return region;
    // A place name in quotes after «часовой пояс» reads as Russian; the bare place ICU gives does not.
    const place = intlGenericName(timeZone, bcp47)?.replace(/, (стандартное|летнее) время$/, "");
    return place ? `часовой пояс «${place}»` : timeZone;
  }
  return intlGenericName(timeZone, bcp47) ?? timeZone;
}
