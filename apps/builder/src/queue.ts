// @ts-check
// Coalescing build queue: at most one build runs and at most one more waits,
// holding the merged triggers of every notice that arrived meanwhile.
//
// A notice that arrives when nothing has happened for `quietMs` and no build
// has started for `minIntervalMs` builds at once (the common case: one editor
// presses Publish). A burst of notices waits until it has been quiet for
// `quietMs`, but never longer than `maxWaitMs` after the first waiting notice,
// so a steady stream still reaches the site; and build starts are at least
// `minIntervalMs` apart while notices keep coming, because a partial build
// takes a few hundred milliseconds and would otherwise run once per notice
// when saves arrive slower than `quietMs`. With the defaults, 20 notices in
// 5 s cause at most 3 builds.

/** @typedef {import("./store.mjs").Trigger} Trigger */
/**
 * @typedef {object} Notice
 * @property {string} collection
 * @property {string} id
 * @property {string} operation
 * @property {string[]} [locales]
 * @property {string} [time]
 */

/**
 * @typedef {object} Batch
 * @property {Map<string, Trigger>} triggers
 * @property {number} notices
 * @property {number} firstAt
 * @property {number} lastAt
 * @property {boolean} force
 */

/** @param {Notice} notice @returns {Trigger} */
function toTrigger(notice) {
  return {
    collection: notice.collection,
    id: notice.id,
    operation: notice.operation,
    operations: [notice.operation],
    locales: [...new Set(notice.locales ?? [])],
    time: notice.time ?? new Date().toISOString(),
    notices: 1,
  };
}

/** @param {Map<string, Trigger>} into @param {Notice} notice */
export function mergeNotice(into, notice) {
  const key = `${notice.collection}\u0000${notice.id}`;
  const existing = into.get(key);
  if (!existing) {
    into.set(key, toTrigger(notice));
    return;
  }
  existing.operation = notice.operation;
  if (existing.operations.at(-1) !== notice.operation) existing.operations.push(notice.operation);
  existing.locales = [...new Set([...existing.locales, ...(notice.locales ?? [])])];
  if (notice.time && notice.time > existing.time) existing.time = notice.time;
  existing.notices += 1;
}

export class CoalescingQueue {
  /**
   * @param {object} options
   * @param {(triggers: Trigger[], meta: { notices: number, force: boolean }) => Promise<unknown>} options.run
   * @param {number} [options.quietMs]
   * @param {number} [options.maxWaitMs]
   * @param {number} [options.minIntervalMs]
   * @param {(line: string) => void} [options.log]
   */
  constructor({ run, quietMs = 300, maxWaitMs = 2500, minIntervalMs = 2500, log = () => {} }) {
    this.run = run;
    this.quietMs = quietMs;
    this.maxWaitMs = maxWaitMs;
    this.minIntervalMs = minIntervalMs;
    this.lastStartAt = -Infinity;
    this.log = log;
    /** @type {{ triggers: Trigger[], notices: number, startedAt: number } | null} */
    this.running = null;
    /** @type {Batch | null} */
    this.pending = null;
    this.lastNoticeAt = -Infinity;
    /** @type {NodeJS.Timeout | undefined} */
    this.timer = undefined;
    this.stopped = false;
    /** @type {Promise<unknown>} */
    this.current = Promise.resolve();
    /** @type {Set<() => void>} */
    this.idleWaiters = new Set();
  }

  /**
   * @param {Notice} notice
   * @param {{ force?: boolean }} [options] force: skip the drop gate for this batch
   * @returns {"building" | "waiting"}
   */
  enqueue(notice, { force = false } = {}) {
    if (this.stopped) throw new Error("the build queue is stopped");
    const now = Date.now();
    const quietBefore = now - this.lastNoticeAt >= this.quietMs && now - this.lastStartAt >= this.minIntervalMs;
    this.lastNoticeAt = now;
    if (!this.pending) this.pending = { triggers: new Map(), notices: 0, firstAt: now, lastAt: now, force: false };
    mergeNotice(this.pending.triggers, notice);
    this.pending.notices += 1;
    this.pending.lastAt = now;
    this.pending.force ||= force;

    if (!this.running && quietBefore && this.pending.notices === 1) {
      this.#start();
      return "building";
    }
    this.#arm();
    return "waiting";
  }

  /** Resolves when nothing is running or waiting. */
  idle() {
    if (!this.running && !this.pending) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add(() => resolve(undefined)));
  }

  /** Stops accepting notices, drops what waits, and lets a running build finish. */
  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.pending) this.log(`queue stopped; ${this.pending.notices} waiting notice(s) not built`);
    this.pending = null;
    await this.current.catch(() => {});
  }

  snapshot() {
    return {
      running: this.running && {
        triggers: this.running.triggers,
        notices: this.running.notices,
        startedAt: new Date(this.running.startedAt).toISOString(),
      },
      waiting: this.pending && {
        triggers: [...this.pending.triggers.values()],
        notices: this.pending.notices,
        since: new Date(this.pending.firstAt).toISOString(),
      },
    };
  }

  #dueAt() {
    const p = /** @type {Batch} */ (this.pending);
    return Math.max(this.lastStartAt + this.minIntervalMs, Math.min(p.lastAt + this.quietMs, p.firstAt + this.maxWaitMs));
  }

  #arm() {
    clearTimeout(this.timer);
    if (!this.pending || this.running) return; // the running build's end re-checks
    const delay = Math.max(0, this.#dueAt() - Date.now());
    this.timer = setTimeout(() => {
      if (!this.running && this.pending && Date.now() >= this.#dueAt() - 1) this.#start();
      else this.#arm();
    }, delay);
    this.timer.unref?.();
  }

  #start() {
    clearTimeout(this.timer);
    const batch = /** @type {Batch} */ (this.pending);
    this.pending = null;
    const triggers = [...batch.triggers.values()];
    this.running = { triggers, notices: batch.notices, startedAt: Date.now() };
    this.lastStartAt = this.running.startedAt;
    this.current = this.run(triggers, { notices: batch.notices, force: batch.force })
      .catch((error) => this.log(`build crashed outside its own error handling: ${error?.stack ?? error}`))
      .finally(() => {
        this.running = null;
        if (this.pending && !this.stopped) this.#arm();
        else this.#notifyIdle();
      });
  }

  #notifyIdle() {
    if (this.running || this.pending) return;
    const waiters = [...this.idleWaiters];
    this.idleWaiters.clear();
    for (const resolve of waiters) resolve();
  }
}
