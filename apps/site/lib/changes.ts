// When does the public site change with no one publishing? By the site's own
// rules (view/event.ts and @cica/schema's resolveSiteSettings): an event is
// forthcoming until its end (or its start when it has no end), then past; the
// banner disappears at its expiry. The build service's scheduler rebuilds at
// these instants, and a partial build refuses to extend a build whose pages
// one of them has already made stale.

export interface TimedContent {
  events?: { startsAt?: string | null; endsAt?: string | null }[];
  settings?: { banner?: { enabled?: boolean | null; expiresAt?: string | null } | null } | null;
}

/** Future instants, earliest first, ISO. */
export function changeInstants(content: TimedContent, now: Date = new Date()): string[] {
  const instants = new Set<number>();
  for (const event of content.events ?? []) {
    const leavesForthcoming = Date.parse(event.endsAt ?? event.startsAt ?? "");
    // isUpcoming() is `end >= now`, so the page changes one millisecond after the end.
    if (Number.isFinite(leavesForthcoming)) instants.add(leavesForthcoming + 1);
  }
  const expires = Date.parse(content.settings?.banner?.expiresAt ?? "");
  if (content.settings?.banner?.enabled !== false && Number.isFinite(expires)) instants.add(expires);
  return [...instants]
    .filter((t) => t > now.getTime())
    .sort((a, b) => a - b)
    .map((t) => new Date(t).toISOString());
}
