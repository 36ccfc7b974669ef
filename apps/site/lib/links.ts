import type { EventInLocale } from "@cica/schema";

// Links that hand an event to other tools: Google Calendar's documented
// "render?action=TEMPLATE" address and a plain mailto: — no widgets, no scripts.

function googleStamp(instant: string): string {
  return new Date(instant)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** The event's own instants and zone (from the schema), with the page's wording of it. */
export type CalendarLinkInput = Pick<EventInLocale, "title" | "startsAt" | "timeZone"> & {
  /** The calendar entry's end (view/event.ts gives an event without one the site's default duration). */
  endsAt: string;
  details: string;
  location?: string;
};

export function googleCalendarUrl({ title, startsAt, endsAt, timeZone, details, location }: CalendarLinkInput): string {
  const params = new URLSearchParams({
    action: "TEMPLATE",
    text: title,
    dates: `${googleStamp(startsAt)}/${googleStamp(endsAt)}`,
    details,
    ctz: timeZone,
  });
  if (location) params.set("location", location);
  return `https://calendar.google.com/calendar/render?${params}`;
}

export function mailtoUrl(subject: string, body: string): string {
  return `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}
