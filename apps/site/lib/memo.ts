// Results that are expensive to make and depend only on their key: QR codes
// (about 1 ms each, by URL), iCalendar VEVENT blocks (ical-generator folds
// lines with a TextEncoder per character: about 1 ms per event) and event page
// models (by the event's content and everything around it). A 1,000-event site
// has 3,000 of each, so a rebuild that recomputes them all spends seconds on
// work whose answer it already had.
//
// Each memo keeps what the latest builds used. A partial build asks for only
// part of the site (the upcoming calendar, not past events' blocks), so the
// previous generation is kept beside the current one until the two together
// exceed twice the largest generation seen (about one full site); then only
// the current one is kept. Memory stays within a few sites' worth.
// Values are pure functions of their key, so a hit can never give a build
// anything a fresh computation would not.

export class Memo<V> {
  /** What the previous build(s) used. */
  #previous = new Map<string, V>();
  /** What the current build has used so far. */
  #current = new Map<string, V>();

  #additions = 0;

  /** How many values were made or stored (not loaded) so far: what a saved copy of the memo lacks since it was saved. */
  get additions(): number {
    return this.#additions;
  }

  get(key: string, compute: () => V): V {
    const current = this.#current.get(key);
    if (current !== undefined) return current;
    let value = this.#previous.get(key);
    if (value === undefined) {
      value = compute();
      this.#additions += 1;
    }
    this.#current.set(key, value);
    return value;
  }

  /** The value if known (and marks it used by this build), else undefined. */
  lookup(key: string): V | undefined {
    const value = this.#current.get(key) ?? this.#previous.get(key);
    if (value !== undefined) this.#current.set(key, value);
    return value;
  }

  /** Whether the value is known, without marking it used by this build. */
  has(key: string): boolean {
    return this.#current.has(key) || this.#previous.has(key);
  }

  store(key: string, value: V): V {
    if (!this.has(key)) this.#additions += 1;
    this.#current.set(key, value);
    return value;
  }

  #largest = 0;

  /** Ends a build: what it used (and, within bounds, what earlier builds used) is what the next one can reuse. */
  nextGeneration() {
    if (this.#current.size === 0) return;
    this.#largest = Math.max(this.#largest, this.#current.size);
    const merged = new Map([...this.#previous, ...this.#current]);
    this.#previous = merged.size <= Math.max(2 * this.#largest, 1000) ? merged : this.#current;
    this.#current = new Map();
  }

  /** Every known entry, for the build's state file. */
  entries(): [string, V][] {
    return [...new Map([...this.#previous, ...this.#current])];
  }

  /** Fills the memo from a state file (after a restart); never overrides what is already known. */
  load(entries: unknown, isValue: (value: unknown) => value is V): void {
    if (!Array.isArray(entries)) return;
    for (const entry of entries) {
      if (!Array.isArray(entry)) continue;
      const [key, value] = entry;
      if (typeof key === "string" && isValue(value) && !this.#previous.has(key)) this.#previous.set(key, value);
    }
  }

  get size(): number {
    return this.#previous.size + this.#current.size;
  }
}
