// "Time moves on": the public site changes with no one publishing when an
// event starts or ends or the banner expires. The scheduler asks a pluggable
// function for those instants and queues a rebuild at the earliest one.
//
// One timer at a time, re-armed after each build (the content, hence the
// instants, may have changed) and capped at `maxDelayMs` so a far-off instant
// is re-checked periodically rather than trusted to a timer across days of
// clock changes and sleep (setTimeout also cannot wait past ~24.8 days).

export type NextChanges = () => Promise<Iterable<Date | string | number>> | Iterable<Date | string | number>;

export class ChangeScheduler {
  readonly nextChanges: NextChanges;
  readonly onDue: (instant: Date) => void;
  readonly maxDelayMs: number;
  readonly graceMs: number;
  readonly now: () => number;
  readonly log: (line: string) => void;
  timer: NodeJS.Timeout | undefined = undefined;
  nextAt: Date | null = null;
  /** Instants already handed to onDue, so a slow build cannot fire the same one twice. */
  readonly fired = new Set<number>();
  stopped = false;
  generation = 0;

  /**
   * @param options.nextChanges future instants at which the public output changes
   * @param options.onDue       called once per instant (queue a rebuild)
   * @param options.maxDelayMs  longest single wait before re-checking (default 6 h)
   * @param options.graceMs     fire this long after the instant, so the build sees it passed (default 500 ms)
   */
  constructor({
    nextChanges,
    onDue,
    maxDelayMs = 6 * 60 * 60 * 1000,
    graceMs = 500,
    now = Date.now,
    log = () => {},
  }: {
    nextChanges: NextChanges;
    onDue: (instant: Date) => void;
    maxDelayMs?: number;
    graceMs?: number;
    now?: () => number;
    log?: (line: string) => void;
  }) {
    this.nextChanges = nextChanges;
    this.onDue = onDue;
    this.maxDelayMs = Math.min(maxDelayMs, 2 ** 31 - 1);
    this.graceMs = graceMs;
    this.now = now;
    this.log = log;
  }

  /** Recomputes the next instant and (re)sets the timer. */
  async rearm(): Promise<void> {
    if (this.stopped) return;
    const generation = ++this.generation;
    let instants: Date[] = [];
    try {
      instants = [...(await this.nextChanges())].map((value) => new Date(value)).filter((d) => !Number.isNaN(d.getTime()));
    } catch (error) {
      this.log(`scheduler: could not get the next content changes: ${error instanceof Error ? error.message : String(error)}`);
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
        const oldest = this.fired.values().next().value;
        if (this.fired.size > 1000 && oldest !== undefined) this.fired.delete(oldest);
        this.log(`scheduler: the site changes at ${next.toISOString()}; rebuilding`);
        this.onDue(next);
      }
      void this.rearm();
    }, delay);
    this.timer.unref?.();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.nextAt = null;
  }
}
