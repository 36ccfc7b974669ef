// @ts-check
// When does the public site change with no one publishing? The site's rules
// (apps/site/lib/view.js and @cica/schema's resolveSiteSettings): an event is
// forthcoming until its end (or its start when it has no end), then past; the
// banner disappears at its expiry. Those instants are what the scheduler waits for.

const PAGE_SIZE = 500;

/**
 * @param {{ events?: { startsAt?: string | null, endsAt?: string | null }[], settings?: { banner?: { enabled?: boolean | null, expiresAt?: string | null } | null } | null }} content
 * @param {Date} [now]
 * @returns {string[]} future instants, earliest first, ISO
 */
export function changeInstants(content, now = new Date()) {
  /** @type {Set<number>} */
  const instants = new Set();
  for (const event of content.events ?? []) {
    const leavesForthcoming = Date.parse(event.endsAt ?? event.startsAt ?? "");
    // isUpcoming() is `end >= now`, so the page changes one millisecond after the end.
    if (Number.isFinite(leavesForthcoming)) instants.add(leavesForthcoming + 1);
  }
  const expires = Date.parse(content.settings?.banner?.expiresAt ?? "");
  if (content.settings?.banner?.enabled !== false && Number.isFinite(expires)) instants.add(expires);
  return [...instants].filter((t) => t > now.getTime()).sort((a, b) => a - b).map((t) => new Date(t).toISOString());
}

/**
 * Reads only the dates from the CMS REST API (published events and the site settings).
 * @param {string} cmsUrl
 * @param {{ fetch?: typeof fetch, now?: Date }} [options]
 */
export async function cmsChangeInstants(cmsUrl, { fetch: doFetch = fetch, now = new Date() } = {}) {
  const base = cmsUrl.replace(/\/+$/, "");
  /** @param {string} path */
  const get = async (path) => {
    const response = await doFetch(`${base}${path}`, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`the CMS answered ${response.status} for ${path}`);
    return /** @type {any} */ (await response.json());
  };
  const events = [];
  for (let page = 1; ; page++) {
    const body = await get(
      `/api/events?depth=0&where[_status][equals]=published&select[startsAt]=true&select[endsAt]=true&limit=${PAGE_SIZE}&page=${page}`,
    );
    events.push(...(body.docs ?? []));
    if (!body.hasNextPage) break;
  }
  const settings = await get("/api/globals/site-settings?depth=0");
  return changeInstants({ events, settings }, now);
}
