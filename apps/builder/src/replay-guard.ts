// Remembers the signatures of accepted requests for as long as their timestamp
// is inside the tolerance window; after that the timestamp check alone refuses
// them, so memory stays bounded by the request rate × window.

export class ReplayGuard {
  readonly windowSeconds: number;
  readonly maxEntries: number;
  /** signature → unix second after which it can be forgotten */
  readonly #seen = new Map<string, number>();

  constructor({ windowSeconds, maxEntries = 100_000 }: { windowSeconds: number; maxEntries?: number }) {
    this.windowSeconds = windowSeconds;
    this.maxEntries = maxEntries;
  }

  has(signature: string): boolean {
    return this.#seen.has(signature);
  }

  /**
   * Records the signature; false when it was already seen (a replay).
   * @param timestamp the request's t (unix seconds)
   * @param now unix seconds
   */
  remember(signature: string, timestamp: number, now: number = Math.floor(Date.now() / 1000)): boolean {
    this.#forgetExpired(now);
    if (this.#seen.has(signature)) return false;
    if (this.#seen.size >= this.maxEntries) {
      // Far beyond any real publish rate; drop the oldest rather than grow without bound.
      const oldest = this.#seen.keys().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    this.#seen.set(signature, timestamp + this.windowSeconds + 1);
    return true;
  }

  #forgetExpired(now: number): void {
    for (const [signature, expires] of this.#seen) {
      if (expires < now) this.#seen.delete(signature);
    }
  }
}
