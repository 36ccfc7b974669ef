// @ts-check
// Remembers the signatures of accepted notices for as long as their timestamp
// is inside the tolerance window; after that the timestamp check alone refuses
// them, so memory stays bounded by the notice rate × window.

export class ReplayGuard {
  /** @param {{ windowSeconds: number, maxEntries?: number }} options */
  constructor({ windowSeconds, maxEntries = 100_000 }) {
    this.windowSeconds = windowSeconds;
    this.maxEntries = maxEntries;
    /** @type {Map<string, number>} signature → unix second after which it can be forgotten */
    this.seen = new Map();
  }

  /**
   * Records the signature; false when it was already seen (a replay).
   * @param {string} signature
   * @param {number} timestamp the notice's t (unix seconds)
   * @param {number} [now] unix seconds
   */
  remember(signature, timestamp, now = Math.floor(Date.now() / 1000)) {
    this.#forgetExpired(now);
    if (this.seen.has(signature)) return false;
    if (this.seen.size >= this.maxEntries) {
      // Far beyond any real publish rate; drop the oldest rather than grow without bound.
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.seen.set(signature, timestamp + this.windowSeconds + 1);
    return true;
  }

  /** @param {number} now */
  #forgetExpired(now) {
    for (const [signature, expires] of this.seen) {
      if (expires < now) this.seen.delete(signature);
    }
  }
}
