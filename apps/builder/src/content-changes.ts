// @ts-check
// When does the public site change with no one publishing? The site's rules
// (apps/site/lib/view.js and @cica/schema's resolveSiteSettings): an event is
// forthcoming until its end (or its start when it has no end), then past; the
// banner disappears at its expiry. Those instants are what the scheduler waits for.

import { changeInstants } from "../lib/changes.js";

const PAGE_SIZE = 500;

// The rule itself lives with the site (apps/site/lib/changes.js), which also returns it from buildSite.
export { changeInstants };

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
