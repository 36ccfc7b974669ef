import { instantWithOffset, statusesWithPreviousStart, type Attendance, type EventInLocale, type EventStatus } from "@cica/schema";
import { byInstantAndZone } from "./instant-memo.js";

// schema.org Event with Google's required and recommended properties, built
// from the event's content in one locale (instants, codes, URLs), not from the
// page's display strings.
// https://developers.google.com/search/docs/appearance/structured-data/event

const withOffset = byInstantAndZone(instantWithOffset);

const eventStatus: Record<EventStatus, string> = {
  scheduled: "https://schema.org/EventScheduled",
  tentative: "https://schema.org/EventScheduled",
  postponed: "https://schema.org/EventPostponed",
  rescheduled: "https://schema.org/EventRescheduled",
  cancelled: "https://schema.org/EventCancelled",
};

const attendanceMode: Record<Attendance, string> = {
  online: "https://schema.org/OnlineEventAttendanceMode",
  "in-person": "https://schema.org/OfflineEventAttendanceMode",
  hybrid: "https://schema.org/MixedEventAttendanceMode",
};

export interface EventJsonLdInput {
  /** The event resolved to the page's locale. */
  event: EventInLocale;
  /** The page's canonical address. */
  url: string;
  /** BCP 47 tags of the languages the page's content is shown in (view/seo.ts contentLanguages): one, or several where a translation is partial. */
  languages: string[];
  /** The page's meta description. */
  description: string;
  /** The country's name in the page's language: the place's name when there is no venue or city. */
  countryName?: string;
  organizers: { name: string; url?: string }[];
  imageUrl?: string;
}

function place({ event, countryName }: EventJsonLdInput) {
  return {
    "@type": "Place",
    name: event.venue ?? event.city ?? countryName,
    address: {
      "@type": "PostalAddress",
      ...(event.city ? { addressLocality: event.city } : {}),
      ...(event.country ? { addressCountry: event.country } : {}),
    },
  };
}

export function eventJsonLd(input: EventJsonLdInput): string {
  const { event, url } = input;
  const virtual = { "@type": "VirtualLocation", url: event.onlineUrl ?? url };
  const location = event.attendance === "online" ? virtual : event.attendance === "hybrid" ? [place(input), virtual] : place(input);
  const data = {
    "@context": "https://schema.org",
    "@type": "Event",
    name: event.title,
    description: input.description,
    url,
    inLanguage: input.languages.length === 1 ? input.languages[0] : input.languages,
    startDate: withOffset(event.startsAt, event.timeZone),
    ...(event.endsAt ? { endDate: withOffset(event.endsAt, event.timeZone) } : {}),
    eventStatus: eventStatus[event.status],
    eventAttendanceMode: attendanceMode[event.attendance],
    location,
    organizer: input.organizers.map((o) => ({ "@type": "Organization", name: o.name, ...(o.url ? { url: o.url } : {}) })),
    ...(input.imageUrl ? { image: [input.imageUrl] } : {}),
    ...(event.previousStartsAt && statusesWithPreviousStart.includes(event.status)
      ? { previousStartDate: withOffset(event.previousStartsAt, event.timeZone) }
      : {}),
  };
  return scriptSafeJson(data);
}

/** JSON inside <script> must not be able to close the element. */
export function scriptSafeJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, "\\u003c");
}
