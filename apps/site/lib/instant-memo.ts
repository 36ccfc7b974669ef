// Zone arithmetic (luxon: parse the instant, find the zone's offset through
// Intl's formatToParts) was a tenth of a cold build: an event's page in each of
// three languages, its JSON-LD and its calendar entries ask the same few
// instants again and again. The answers depend only on the instant and the zone.

const LIMIT = 50_000;

/** `fn` memoised by (instant, zone); bounded: cleared past LIMIT entries (many sites' worth of events). */
export function byInstantAndZone<T>(fn: (instant: string, timeZone: string) => T): (instant: string, timeZone: string) => T {
  const known = new Map<string, T>();
  return (instant, timeZone) => {
    const key = `${instant}|${timeZone}`;
    if (known.has(key)) return known.get(key) as T;
    const value = fn(instant, timeZone);
    if (known.size >= LIMIT) known.clear();
    known.set(key, value);
    return value;
  };
}
