import { gmtOffsetLabel, localeInfo, timeZoneName, type LocaleCode } from "@cica/schema";
import { fill, type Messages } from "./i18n.js";

// Dates are written in the event's own wall-clock time, the way each language
// writes them: "31 October 2022, 13:00 (Beijing time, GMT+8)",
// "31 октября 2022 г., 13:00 (по пекинскому времени, GMT+8)",
// "2022年10月31日 13:00（北京时间，GMT+8）". Intl knows the date forms; the
// joining pattern lives in the dictionary because it is a matter of each language.

type Kind = "date" | "year" | "time";
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(intl: string, timeZone: string, kind: Kind): Intl.DateTimeFormat {
  const key = `${intl}|${timeZone}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === "date"
        ? { dateStyle: "long", timeZone }
        : kind === "year"
          ? { year: "numeric", timeZone }
          : { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone };
    f = new Intl.DateTimeFormat(intl, options);
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

function sameDay(a: string, b: string, timeZone: string): boolean {
  const f = formatter("en-CA", timeZone, "date");
  return f.format(new Date(a)) === f.format(new Date(b));
}

export interface Moment {
  startsAt: string;
  endsAt?: string | null;
  timeZone: string;
}

/**
 * The date line of an event. An end on the same day gives "13:00–17:00"; a
 * multi-day event gives the date range and its opening time.
 */
export function whenLine({ startsAt, endsAt, timeZone }: Moment, locale: LocaleCode, dictionary: Messages): string {
  const intl = localeInfo(locale).intl;
  let date = formatDate(startsAt, timeZone, locale);
  let time = formatTime(startsAt, timeZone, locale);
  if (endsAt && sameDay(startsAt, endsAt, timeZone)) {
    if (endsAt !== startsAt) time = `${time}–${formatTime(endsAt, timeZone, locale)}`;
  } else if (endsAt) {
    // ICU's Chinese date ranges fall back to "2022/10/31 – 2022/11/2"; Chinese
    // announcements write both dates in full joined by 至.
    date =
      locale === "zh"
        ? `${formatDate(startsAt, timeZone, locale)}至${formatDate(endsAt, timeZone, locale)}`
        : formatter(intl, timeZone, "date").formatRange(new Date(startsAt), new Date(endsAt));
  }
  return fill(dictionary.whenFormat, {
    date,
    time,
    zone: timeZoneName(timeZone, locale, intl),
    offset: gmtOffsetLabel(startsAt, timeZone),
  });
}

/** The calendar year of an instant in the event's zone, for grouping past events. */
export function yearOf(instant: string, timeZone: string): number {
  return Number(formatter("en-GB", timeZone, "year").format(new Date(instant)));
}
