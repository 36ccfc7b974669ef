// @ts-check
// "Time moves on": the public site changes with no one publishing when an
// event starts or ends or the banner expires. The scheduler asks a pluggable
// function for those instants and queues a rebuild at the earliest one.
//
// One timer at a time, re-armed after each build (the content, hence the
// instants, may have changed) and capped at `maxDelayMs` so a far-off instant
// is re-checked periodically rather than trusted to a timer across days of
// clock changes and sleep (setTimeout also cannot wait past ~24.8 days).

/**
 * @typedef {() => Promise<Iterable<Date | string | number>> | Iterable<Date | string | number>} NextChanges
 */

export class ChangeScheduler {
  /**
   * @param {object} options
   * @param {NextChanges} options.nextChanges   future instants at which the public output changes
   * @param {(instant: Date) => void} options.onDue  called once per instant (queue a rebuild)
   * @param {number} [options.maxDelayMs]       longest single wait before re-checking (default 6 h)
   * @param {number} [options.graceMs]          fire this long after the instant, so the build sees it passed (default 500 ms)
   * @param {() => number} [options.now]
   * @param {(line: string) => void} [options.log]
   */
  constructor({ nextChanges, onDue, maxDelayMs = 6 * 60 * 60 * 1000, graceMs = 500, now = Date.now, log = () => {} }) {
    this.nextChanges = nextChanges;
    this.onDue = onDue;
    this.maxDelayMs = Math.min(maxDelayMs, 2 ** 31 - 1);
    this.graceMs = graceMs;
    this.now = now;
    this.log = log;
    /** @type {NodeJS.Timeout | undefined} */
    this.timer = undefined;
    /** @type {Date | null} */
    this.nextAt = null;
    /** Instants already handed to onDue, so a slow build cannot fire the same one twice. */
    this.fired = new Set();
    this.stopped = false;
    this.generation = 0;
  }

  /** Recomputes the next instant and (re)sets the timer. */
  async rearm() {
    if (this.stopped) return;
    const generation = ++this.generation;
    /** @type {Date[]} */
    let instants = [];
    try {
      instants = [...(await this.nextChanges())].map((value) => new Date(value)).filter((d) => !Number.isNaN(d.getTime()));
    } catch (error) {
      this.log(`scheduler: could not get the next content changes: ${/** @type {Error} */ (error).message}`);
    }
    if (this.stopped || generation !== this.generation) return; // a newer rearm won
    const now = this.now();
    const next = instants
      .filter((d) => d.getTime() + this.graceMs > now && !this.fired.has(d.getTime()))
      .sort((a, b) => a.getTime() - b.getTime())[0];
    clearTimeout(this.timer);
    this.nextAt = next ?? null;
    if (!next) return;
    const due = next.getTime() + this.graceMs;
    const delay = Math.max(0, Math.min(due - now, this.maxDelayMs));
    this.timer = setTimeout(() => {
      if (this.stopped) return;
      if (this.now() >= due - 5) {
        this.fired.add(next.getTime());
        if (this.fired.size > 1000) this.fired.delete(this.fired.values().next().value);
        this.log(`scheduler: the site changes at ${next.toISOString()}; rebuilding`);
        this.onDue(next);
      }
      void this.rearm();
    }, delay);
    this.timer.unref?.();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.nextAt = null;
  }
}
