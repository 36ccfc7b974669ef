import { instantWithOffset, statusesWithPreviousStart } from "@cica/schema";

// schema.org Event with Google's required and recommended properties.
// https://developers.google.com/search/docs/appearance/structured-data/event

const eventStatus = {
  scheduled: "https://schema.org/EventScheduled",
  tentative: "https://schema.org/EventScheduled",
  postponed: "https://schema.org/EventPostponed",
  rescheduled: "https://schema.org/EventRescheduled",
  cancelled: "https://schema.org/EventCancelled",
};

const attendanceMode = {
  online: "https://schema.org/OnlineEventAttendanceMode",
  "in-person": "https://schema.org/OfflineEventAttendanceMode",
  hybrid: "https://schema.org/MixedEventAttendanceMode",
};

function place(ev) {
  return {
    "@type": "Place",
    name: ev.venue?.text ?? ev.city?.text ?? ev.countryName,
    address: {
      "@type": "PostalAddress",
      ...(ev.city ? { addressLocality: ev.city.text } : {}),
      ...(ev.country ? { addressCountry: ev.country } : {}),
    },
  };
}

export function eventJsonLd(ev) {
  const virtual = { "@type": "VirtualLocation", url: ev.onlineUrl ?? ev.canonical };
  const location = ev.attendance === "online" ? virtual : ev.attendance === "hybrid" ? [place(ev), virtual] : place(ev);
  const data = {
    "@context": "https://schema.org",
    "@type": "Event",
    name: ev.title.text,
    description: ev.description,
    url: ev.canonical,
    inLanguage: ev.bcp47,
    startDate: instantWithOffset(ev.startsAt, ev.timeZone),
    ...(ev.endsAt ? { endDate: instantWithOffset(ev.endsAt, ev.timeZone) } : {}),
    eventStatus: eventStatus[ev.status],
    eventAttendanceMode: attendanceMode[ev.attendance],
    location,
    organizer: ev.hosts.map((host) => ({ "@type": "Organization", name: host.name, ...(host.website ? { url: host.website } : {}) })),
    ...(ev.image ? { image: [ev.image.absoluteUrl] } : {}),
    ...(ev.previousStartsAt && statusesWithPreviousStart.includes(ev.status)
      ? { previousStartDate: instantWithOffset(ev.previousStartsAt, ev.timeZone) }
      : {}),
  };
  return scriptSafeJson(data);
}

/** JSON inside <script> must not be able to close the element. */
export function scriptSafeJson(data) {
  return JSON.stringify(data).replace(/</g, "\\u003c");
}
