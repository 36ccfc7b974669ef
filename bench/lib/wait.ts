// Polling with a deadline, for the benches that wait for a page, a build or a server.

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `check` every `everyMs` until it returns a truthy value, which it returns; a check that
 * throws counts as "not yet" (a server still starting refuses connections). Throws, naming `what`,
 * after `timeoutMs`.
 */
export async function waitFor<T>(what: string, check: () => Promise<T> | T, timeoutMs: number, everyMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch {
      // not yet
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until the page at `url` contains `text` (a new title after a publish); polls every `everyMs`. */
export async function pageShows(url: string, text: string, timeoutMs: number, everyMs: number): Promise<void> {
  await waitFor(`${url} to show ${text}`, async () => (await (await fetch(url)).text()).includes(text), timeoutMs, everyMs);
}
