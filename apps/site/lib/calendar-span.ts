import { localeInfo, type LocaleCode } from "@cica/schema";

// Calendars need an end: an event announced without one showed as a
// zero-minute entry in .ics files and a zero-length Google Calendar link. Such
// an event gets the site's default duration (site settings) in calendars
// only; its page says so, and the page and JSON-LD still state no end.

/** When an event's calendar entry ends: its own end, or its start plus `defaultMinutes`. */
export function calendarEnd(event: { startsAt: string; endsAt?: string | null }, defaultMinutes: number): string {
  if (event.endsAt) return new Date(event.endsAt).toISOString();
  return new Date(Date.parse(event.startsAt) + defaultMinutes * 60_000).toISOString();
}

/**
 * How long the subscribable calendar keeps an event after its entry ended.
 * Calendar apps delete what a subscribed calendar no longer lists, so dropping
 * an event once it ended made it vanish from subscribers' past days.
 */
const CALENDAR_MONTHS_KEPT = 12;

/** The instant an entry ending at `end` (ISO) leaves the subscribable calendar. */
export function leavesCalendarAt(end: string): number {
  const leaves = new Date(end);
  leaves.setUTCMonth(leaves.getUTCMonth() + CALENDAR_MONTHS_KEPT);
  return leaves.getTime();
}

/** A number of minutes as each language says a duration: "1 hour, 30 minutes", "1 час 30 минут", "1小时30分钟". */
export function durationText(minutes: number, locale: LocaleCode): string {
  const intl = localeInfo(locale).intl;
  const unit = (value: number, name: "hour" | "minute") =>
    new Intl.NumberFormat(intl, { style: "unit", unit: name, unitDisplay: "long" }).format(value);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts = [hours ? unit(hours, "hour") : "", rest || !hours ? unit(rest, "minute") : ""].filter(Boolean);
  return new Intl.ListFormat(intl, { type: "unit", style: "long" }).format(parts);
}
