// Coalescing build queue: at most one build runs and at most one more waits,
// holding the merged triggers of every notice that arrived meanwhile.
//
// A lone notice — none came in the `minIntervalMs` before it — builds as soon
// as nothing else runs, however recently the last build started (the common
// case: one editor presses Publish; the spacing would only add latency). A
// burst of notices waits until it has been quiet for `quietMs`, but never
// longer than `maxWaitMs` after the first waiting notice, so a steady stream
// still reaches the site; and build starts are at least `minIntervalMs` apart
// while notices keep coming, because a partial build takes a few hundred
// milliseconds and would otherwise run once per notice when saves arrive
// slower than `quietMs`. With the defaults, 20 notices in 5 s cause at most 3
// builds.

import type { BuildNotice } from "@cica/schema";
import type { Trigger } from "./store.js";

/** A notice as queued: the CMS's BuildNotice, or a scheduled/manual cause without locales or time. */
export type Notice = Omit<BuildNotice, "locales" | "time"> & Partial<Pick<BuildNotice, "locales" | "time">>;

export type QueueState = "building" | "waiting";

/** Least time between two build starts while notices keep coming (the queue's default). */
export const DEFAULT_MIN_INTERVAL_MS = 2500;

type Batch = {
  triggers: Map<string, Trigger>;
  notices: number;
  firstAt: number;
  lastAt: number;
  force: boolean;
  /** No notice came in the `minIntervalMs` before this batch's first: no spacing while it stays one notice. */
  lone: boolean;
};

export type RunMeta = { notices: number; force: boolean };

function toTrigger(notice: Notice): Trigger {
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

export function mergeNotice(into: Map<string, Trigger>, notice: Notice): void {
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

export type QueueSnapshot = {
  running: { triggers: Trigger[]; notices: number; startedAt: string } | null;
  waiting: { triggers: Trigger[]; notices: number; since: string } | null;
};

export class CoalescingQueue {
  readonly run: (triggers: Trigger[], meta: RunMeta) => Promise<unknown>;
  readonly quietMs: number;
  readonly maxWaitMs: number;
  readonly minIntervalMs: number;
  readonly log: (line: string) => void;
  lastStartAt = -Infinity;
  running: { triggers: Trigger[]; notices: number; startedAt: number } | null = null;
  pending: Batch | null = null;
  lastNoticeAt = -Infinity;
  timer: NodeJS.Timeout | undefined = undefined;
  stopped = false;
  current: Promise<unknown> = Promise.resolve();
  readonly idleWaiters = new Set<() => void>();

  constructor({
    run,
    quietMs = 300,
    maxWaitMs = 2500,
    minIntervalMs = DEFAULT_MIN_INTERVAL_MS,
    log = () => {},
  }: {
    run: (triggers: Trigger[], meta: RunMeta) => Promise<unknown>;
    quietMs?: number;
    maxWaitMs?: number;
    minIntervalMs?: number;
    log?: (line: string) => void;
  }) {
    this.run = run;
    this.quietMs = quietMs;
    this.maxWaitMs = maxWaitMs;
    this.minIntervalMs = minIntervalMs;
    this.log = log;
  }

  /** @param options.force skip the drop gate for this batch */
  enqueue(notice: Notice, { force = false }: { force?: boolean } = {}): QueueState {
    if (this.stopped) throw new Error("the build queue is stopped");
    const now = Date.now();
    const lone = now - this.lastNoticeAt >= Math.max(this.quietMs, this.minIntervalMs);
    this.lastNoticeAt = now;
    this.pending ??= { triggers: new Map(), notices: 0, firstAt: now, lastAt: now, force: false, lone };
    mergeNotice(this.pending.triggers, notice);
    this.pending.notices += 1;
    this.pending.lastAt = now;
    this.pending.force ||= force;

    if (!this.running && !this.#streaming(this.pending)) {
      this.#start(this.pending);
      return "building";
    }
    this.#arm();
    return this.pending ? "waiting" : "building"; // #arm starts a batch already due
  }

  /** Resolves when nothing is running or waiting. */
  idle(): Promise<void> {
    if (!this.running && !this.pending) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add(resolve));
  }

  /** Stops accepting notices, drops what waits, and lets a running build finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.pending) this.log(`queue stopped; ${this.pending.notices} waiting notice(s) not built`);
    this.pending = null;
    await this.current.catch(() => {});
  }

  snapshot(): QueueSnapshot {
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

  /** Whether notices keep coming: the batch holds several, or its one came soon after another. */
  #streaming(p: Batch): boolean {
    return !p.lone || p.notices > 1;
  }

  #dueAt(p: Batch): number {
    if (!this.#streaming(p)) return Date.now();
    return Math.max(this.lastStartAt + this.minIntervalMs, Math.min(p.lastAt + this.quietMs, p.firstAt + this.maxWaitMs));
  }

  #arm(): void {
    clearTimeout(this.timer);
    if (!this.pending || this.running) return; // the running build's end re-checks
    const delay = Math.max(0, this.#dueAt(this.pending) - Date.now());
    if (delay === 0) return this.#start(this.pending);
    this.timer = setTimeout(() => {
      if (!this.running && this.pending && Date.now() >= this.#dueAt(this.pending) - 1) this.#start(this.pending);
      else this.#arm();
    }, delay);
    this.timer.unref?.();
  }

  #start(batch: Batch): void {
    clearTimeout(this.timer);
    this.pending = null;
    const triggers = [...batch.triggers.values()];
    this.running = { triggers, notices: batch.notices, startedAt: Date.now() };
    this.lastStartAt = this.running.startedAt;
    this.current = this.run(triggers, { notices: batch.notices, force: batch.force })
      .catch((error: unknown) =>
        this.log(`build crashed outside its own error handling: ${error instanceof Error ? error.stack : String(error)}`),
      )
      .finally(() => {
        this.running = null;
        if (this.pending && !this.stopped) this.#arm();
        else this.#notifyIdle();
      });
  }

  #notifyIdle(): void {
    if (this.running || this.pending) return;
    const waiters = [...this.idleWaiters];
    this.idleWaiters.clear();
    for (const resolve of waiters) resolve();
  }
}
