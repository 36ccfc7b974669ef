import { gmtOffsetLabel, localeInfo, timeZoneName, type LocaleCode } from "@cica/schema";
import { fill, type Messages } from "./i18n.js";
import { byInstantAndZone } from "./instant-memo.js";

const offsetLabel = byInstantAndZone(gmtOffsetLabel);

// Dates are written in the event's own wall-clock time, the way each language
// writes them: "31 October 2022, 13:00 (Beijing time, GMT+8)",
// "31 октября 2022 г., 13:00 (по пекинскому времени, GMT+8)",
// "2022年10月31日 13:00（北京时间，GMT+8）". Intl knows the date forms; the
// joining pattern lives in the dictionary because it is a matter of each language.

type Kind = "date" | "dayMonth" | "year" | "time";
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(intl: string, timeZone: string, kind: Kind): Intl.DateTimeFormat {
  const key = `${intl}|${timeZone}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Record<Kind, Intl.DateTimeFormatOptions> = {
      date: { dateStyle: "long", timeZone },
      dayMonth: { day: "numeric", month: "long", timeZone },
      year: { year: "numeric", timeZone },
      time: { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone },
    };
    f = new Intl.DateTimeFormat(intl, options[kind]);
    formatters.set(key, f);
  }
  return f;
}

export function formatDate(instant: string, timeZone: string, locale: LocaleCode): string {
  return formatter(localeInfo(locale).intl, timeZone, "date").format(new Date(instant));
}

export function formatTime(instant: string, timeZone: string, locale: LocaleCode): string {
  return formatter(localeInfo(locale).intl, timeZone, "time").format(new Date(instant));
}

/** The date without its year ("21 February", "21 февраля", "2月21日"), for an end in the start's year. */
function formatDayMonth(instant: string, timeZone: string, locale: LocaleCode): string {
  return formatter(localeInfo(locale).intl, timeZone, "dayMonth").format(new Date(instant));
}

/** "2027-02-20", the calendar day of an instant in the zone. */
function dayOf(instant: string, timeZone: string): string {
  return formatter("en-CA", timeZone, "date").format(new Date(instant));
}

/** "23:30" of an instant in the zone, whatever the locale. */
function clockOf(instant: string, timeZone: string): string {
  return formatter("en-GB", timeZone, "time").format(new Date(instant));
}

export interface Moment {
  startsAt: string;
  endsAt?: string | null;
  timeZone: string;
}

/**
 * An event announced by days only: it starts at midnight and ends at midnight
 * (the end of its last day) or at 23:59. No field says "all day", so this is
 * how an editor enters one; its times would only add noise.
 */
function isWholeDays(startsAt: string, endsAt: string, timeZone: string): boolean {
  if (clockOf(startsAt, timeZone) !== "00:00") return false;
  const end = clockOf(endsAt, timeZone);
  return (end === "00:00" && Date.parse(endsAt) > Date.parse(startsAt)) || end === "23:59";
}

/** The zone's offset at the start, and at the end too where it differs (a DST change during the event): "GMT → GMT+1". */
function offsetText(startsAt: string, endsAt: string | null | undefined, timeZone: string): string {
  const start = offsetLabel(startsAt, timeZone);
  const end = endsAt ? offsetLabel(endsAt, timeZone) : start;
  return end === start ? start : `${start} → ${end}`;
}

/** The days of a whole-days event: "20–22 February 2027", "20–22 февраля 2027 г.", "2027年2月20日至2027年2月22日". */
function dayRange(startsAt: string, lastDay: string, timeZone: string, locale: LocaleCode): string {
  if (dayOf(startsAt, timeZone) === dayOf(lastDay, timeZone)) return formatDate(startsAt, timeZone, locale);
  // ICU's Chinese date ranges fall back to "2022/10/31 – 2022/11/2"; Chinese
  // announcements write both dates in full joined by 至.
  if (locale === "zh") return `${formatDate(startsAt, timeZone, locale)}至${formatDate(lastDay, timeZone, locale)}`;
  return formatter(localeInfo(locale).intl, timeZone, "date").formatRange(new Date(startsAt), new Date(lastDay));
}

/**
 * The date line of an event, in its own zone:
 * - no end: "20 February 2027, 23:30 (Tehran time, GMT+3:30)";
 * - an end the same day: "20 February 2027, 09:00–17:00 (…)";
 * - an end on another day (overnight, several days): both ends with their
 *   dates, "20 February 2027, 23:30 – 21 February, 01:30 (…)" (the end's year
 *   only when it differs);
 * - whole days: "20–22 February 2027 (Tehran time)".
 * Intl's formatRange would repeat the year and write "at" ("20 February 2027 at
 * 23:30 – 21 February 2027 at 01:30", in Chinese "2027/2/20 23:30 – 2027/2/21
 * 01:30"), so the two ends are joined by each dictionary's pattern.
 */
export function whenLine({ startsAt, endsAt, timeZone }: Moment, locale: LocaleCode, dictionary: Messages): string {
  const zone = timeZoneName(timeZone, locale, localeInfo(locale).intl);
  const offset = offsetText(startsAt, endsAt, timeZone);
  const date = formatDate(startsAt, timeZone, locale);
  const time = formatTime(startsAt, timeZone, locale);
  if (!endsAt || endsAt === startsAt) return fill(dictionary.whenFormat, { date, time, zone, offset });
  if (isWholeDays(startsAt, endsAt, timeZone)) {
    // A midnight end belongs to the day before: 00:00 on the 23rd closes the 22nd.
    const lastDay = clockOf(endsAt, timeZone) === "00:00" ? new Date(Date.parse(endsAt) - 60_000).toISOString() : endsAt;
    return fill(dictionary.whenDaysFormat, { dates: dayRange(startsAt, lastDay, timeZone, locale), zone });
  }
  const endTime = formatTime(endsAt, timeZone, locale);
  if (dayOf(startsAt, timeZone) === dayOf(endsAt, timeZone)) {
    return fill(dictionary.whenFormat, { date, time: `${time}–${endTime}`, zone, offset });
  }
  const sameYear = dayOf(startsAt, timeZone).slice(0, 4) === dayOf(endsAt, timeZone).slice(0, 4);
  const endDate = sameYear ? formatDayMonth(endsAt, timeZone, locale) : formatDate(endsAt, timeZone, locale);
  return fill(dictionary.whenSpanFormat, {
    start: fill(dictionary.dateTimeFormat, { date, time }),
    end: fill(dictionary.dateTimeFormat, { date: endDate, time: endTime }),
    zone,
    offset,
  });
}

/**
 * The calendar year of an instant in the event's zone, for grouping past events. Memoised: every build
 * groups every event of every locale (and its sitemap and listings) by it, 30,000 Intl calls per publish at 5,000 events.
 */
export const yearOf = byInstantAndZone((instant: string, timeZone: string): number =>
  Number(formatter("en-GB", timeZone, "year").format(new Date(instant))),
);
