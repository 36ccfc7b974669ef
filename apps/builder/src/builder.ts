// The build pipeline: build into a new folder, validate, swap live, prune,
// record and report. Notices go through the coalescing queue.

import { EventEmitter } from "node:events";
import { BuildFailure } from "@cica/schema";
import { checkDropGate, type GateOptions } from "./gate.js";
import { CoalescingQueue, type Notice, type QueueState, type RunMeta } from "./queue.js";
import type { Reporter } from "./reporter.js";
import { BuildStore, htmlPages, type BuildRecord, type Trigger } from "./store.js";

/**
 * The build function contract. It writes the whole site into `outputDir` (an
 * empty folder that becomes live if the build succeeds) and reports problems
 * as lines in `errors` rather than throwing (a throw is also caught and
 * recorded). `changesAt` optionally lists the future instants at which the
 * output would change with no one publishing (an event starts or ends, the
 * banner expires); the scheduler rebuilds at those moments.
 *
 * It may start from the live build: `previousDir` is its folder (read-only —
 * build folders never change once live) and `previousStateFile` what it left
 * for the next build; `stateFile` is where this build leaves its own (outside
 * the served folder, removed with the build). `mode` ("full" | "partial") and
 * `reason` say how it built, for the record. A build that started from the
 * previous folder may say which HTML pages it wrote and removed
 * (`htmlChanges`, paths relative to the folder): the service then derives the
 * new page list from the live one instead of walking thousands of files.
 */
export type BuildFunction = (input: BuildInput) => Promise<BuildOutcome>;
export type BuildInput = {
  outputDir: string;
  triggers: Trigger[];
  siteUrl?: string;
  previousDir?: string;
  previousStateFile?: string;
  stateFile?: string;
};
export type BuildOutcome = {
  pagesWritten: number;
  errors: string[];
  /** Documents left out of a build that otherwise succeeded, each with why (every failure still open). */
  failures?: BuildFailure[];
  changesAt?: (string | Date)[];
  mode?: string;
  reason?: string;
  htmlChanges?: { written: string[]; removed: string[] };
};

export type BuilderOptions = {
  dataDir: string;
  build: BuildFunction;
  reporter?: Reporter;
  /** successful builds kept for rollback (default 5) */
  keep?: number;
  gate?: GateOptions;
  quietMs?: number;
  maxWaitMs?: number;
  minIntervalMs?: number;
  siteUrl?: string;
  log?: (line: string) => void;
  /** Called with a successful build's id and the live one's just before the swap (search: carries the live index over); must not throw. */
  beforeLive?: (id: string, liveBefore: string | null) => Promise<void>;
};

export type BuilderStatus = {
  /** the record of the build being served (only its id when the history has lost it) */
  live: (Partial<BuildRecord> & { id: string }) | null;
  queue: ReturnType<CoalescingQueue["snapshot"]>;
  retained: string[];
  builds: BuildRecord[];
};

type BuilderEvents = { build: [BuildRecord]; live: [string] };

const MAX_ERROR_LINES = 50;
const MAX_ERROR_LENGTH = 1000;

export class Builder extends EventEmitter<BuilderEvents> {
  readonly store: BuildStore;
  readonly build: BuildFunction;
  readonly reporter: Reporter;
  readonly gateOptions: GateOptions;
  readonly siteUrl: string | undefined;
  readonly log: (line: string) => void;
  readonly queue: CoalescingQueue;
  readonly beforeLive: (id: string, liveBefore: string | null) => Promise<void>;

  constructor({
    dataDir,
    build,
    reporter = async () => {},
    keep = 5,
    gate = {},
    quietMs,
    maxWaitMs,
    minIntervalMs,
    siteUrl,
    log = () => {},
    beforeLive = async () => {},
  }: BuilderOptions) {
    super();
    this.beforeLive = beforeLive;
    this.store = new BuildStore({ dataDir, keep, log });
    this.build = build;
    this.reporter = reporter;
    this.gateOptions = gate;
    this.siteUrl = siteUrl;
    this.log = log;
    this.queue = new CoalescingQueue({
      run: (triggers, meta) => this.#runBuild(triggers, meta),
      quietMs,
      maxWaitMs,
      minIntervalMs,
      log,
    });
  }

  async init(): Promise<void> {
    await this.store.init();
  }

  /**
   * Queues a notice (or a scheduled/manual cause) for building.
   * @param options.force skips the drop gate
   */
  notify(notice: Notice, options?: { force?: boolean }): QueueState {
    return this.queue.enqueue(notice, options);
  }

  /** Resolves when no build runs or waits. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
    // Old folders are deleted in the background; nothing may still be deleting when the caller removes the data folder.
    await this.store.trashEmptied();
  }

  /** The record of the build being served. */
  async liveRecord(): Promise<BuildRecord | undefined> {
    const live = await this.store.liveBuildId();
    return live ? this.store.findRecord(live) : undefined;
  }

  async status(): Promise<BuilderStatus> {
    const liveId = await this.store.liveBuildId();
    const retained = (await this.store.buildFolders()).reverse();
    return {
      live: liveId ? (this.store.findRecord(liveId) ?? { id: liveId }) : null,
      queue: this.queue.snapshot(),
      retained,
      builds: this.store.history.slice(0, 20),
    };
  }

  /**
   * Serves a kept build again. Without `to`, the build before the live one.
   */
  async rollback(to?: string): Promise<BuildRecord> {
    const liveId = await this.store.liveBuildId();
    const folders = await this.store.buildFolders();
    let target = to;
    if (!target) {
      const index = liveId ? folders.indexOf(liveId) : folders.length;
      target = index > 0 ? folders[index - 1] : undefined;
      if (!target) throw new RollbackError("there is no older kept build to roll back to");
    }
    if (!folders.includes(target)) {
      throw new RollbackError(`build "${target}" is not kept (kept: ${folders.join(", ") || "none"})`);
    }
    const startedAt = new Date();
    await this.store.makeLive(target);
    const record: BuildRecord = {
      id: this.store.newBuildId(startedAt),
      kind: "rollback",
      status: "success",
      triggers: [],
      notices: 0,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      pagesWritten: this.store.findRecord(target)?.pagesWritten,
      errors: [],
      // What is live again is that build's pages, with the documents it left out.
      failures: this.store.findRecord(target)?.failures ?? [],
      rolledBackTo: target,
      previousLive: liveId ?? undefined,
    };
    await this.store.saveRecord(record);
    this.log(`rolled back: live is now ${target} (was ${liveId ?? "nothing"})`);
    void this.#report(record, true);
    this.emit("live", target);
    return record;
  }

  async #runBuild(triggers: Trigger[], { notices, force }: RunMeta): Promise<BuildRecord> {
    const started = new Date();
    const id = this.store.newBuildId(started);
    const record: BuildRecord = { id, kind: "build", status: "running", triggers, notices, startedAt: started.toISOString(), errors: [] };
    await this.store.saveRecord(record);
    void this.#report(record, false);
    this.log(`build ${id} started for ${describe(triggers)}`);

    const errors: string[] = [];
    let newPages: Set<string> | undefined;
    try {
      const outputDir = await this.store.createBuildDir(id);
      const liveBefore = await this.store.liveBuildId();
      const result = await this.build({
        outputDir,
        triggers,
        siteUrl: this.siteUrl,
        previousDir: liveBefore ? this.store.buildDir(liveBefore) : undefined,
        previousStateFile: liveBefore ? this.store.stateFile(liveBefore) : undefined,
        stateFile: this.store.stateFile(id),
      });
      // The build function is plugged in (tests, benches): its answer is checked, not trusted.
      if (!result || typeof result !== "object") throw new Error("the build function returned no result");
      errors.push(...(Array.isArray(result.errors) ? result.errors.map(String) : ["the build function returned no errors array"]));
      record.pagesWritten = Number.isFinite(result.pagesWritten) ? result.pagesWritten : undefined;
      record.failures = Array.isArray(result.failures)
        ? result.failures.flatMap((f) => {
            const parsed = BuildFailure.safeParse(f);
            return parsed.success ? [parsed.data] : [];
          })
        : [];
      if (typeof result.mode === "string") record.mode = result.mode;
      if (typeof result.reason === "string") record.reason = result.reason;
      if (Array.isArray(result.changesAt)) {
        record.changesAt = result.changesAt
          .map((d) => new Date(d))
          .filter((d) => !Number.isNaN(d.getTime()))
          .map((d) => d.toISOString());
      }
      if (errors.length === 0) {
        const changes = result.htmlChanges;
        const pages =
          changes && Array.isArray(changes.written) && Array.isArray(changes.removed) && liveBefore
            ? withChanges(await this.#livePages(liveBefore), changes)
            : await htmlPages(outputDir);
        newPages = pages;
        record.htmlPages = pages.size;
        if (pages.size === 0) errors.push("the build wrote no HTML pages");
        const liveId = await this.store.liveBuildId();
        if (errors.length === 0 && liveId && !force) {
          // Notices already waiting describe changes the CMS has committed too, and the content
          // this build read may include them (a bulk delete arrives as a burst of notices).
          const known = [...triggers, ...(this.queue.snapshot().waiting?.triggers ?? [])];
          const gate = checkDropGate({ livePages: await this.#livePages(liveId), newPages: pages, triggers: known, ...this.gateOptions });
          if (!gate.ok) errors.push(gate.reason);
        }
      }
    } catch (error) {
      errors.push(`the build threw: ${error instanceof Error ? error.message : String(error)}`);
      for (const line of String(error instanceof Error ? error.stack : "")
        .split("\n")
        .slice(1, 6))
        errors.push(line.trim());
    }

    if (errors.length === 0 && newPages) {
      try {
        await this.beforeLive(id, await this.store.liveBuildId());
        await this.store.makeLive(id);
        this.#pagesCache = { id, pages: newPages };
      } catch (error) {
        errors.push(`could not make the build live: ${messageOf(error)}`);
      }
    }
    if (errors.length > 0) await this.store.discard(id).catch(() => {});

    record.status = errors.length === 0 ? "success" : "failed";
    record.errors = errors
      .slice(0, MAX_ERROR_LINES)
      .map((line) => (line.length > MAX_ERROR_LENGTH ? `${line.slice(0, MAX_ERROR_LENGTH)}…` : line));
    if (errors.length > MAX_ERROR_LINES) record.errors.push(`… and ${errors.length - MAX_ERROR_LINES} more error lines`);
    record.finishedAt = new Date().toISOString();
    record.durationMs = Date.now() - started.getTime();
    await this.store.saveRecord(record);

    if (record.status === "success") {
      this.log(
        `build ${id} is live: ${record.htmlPages} HTML pages, ${record.durationMs} ms${record.mode ? ` (${record.mode}${record.reason ? `: ${record.reason}` : ""})` : ""}`,
      );
      for (const failure of record.failures ?? []) {
        this.log(
          `  left out ${failure.collection}/${failure.id}${failure.kept ? " (its last good pages stay)" : ""}: ${failure.errors.join("; ")}`,
        );
      }
    } else {
      this.log(`build ${id} FAILED after ${record.durationMs} ms; the live site is unchanged:\n  ${record.errors.join("\n  ")}`);
    }
    void this.#report(record, record.status === "success");
    this.emit("build", record);
    if (record.status === "success") {
      this.emit("live", id);
      // After the swap is announced: deleting thousands of old files should not delay anything visible.
      try {
        const removed = await this.store.prune();
        if (removed.length) this.log(`removed old builds ${removed.join(", ")}`);
      } catch (error) {
        this.log(`could not remove old builds: ${messageOf(error)}`);
      }
    }
    return record;
  }

  #pagesCache: { id: string; pages: Set<string> } | undefined;

  /** The live build's HTML pages; build folders never change, so one walk per build is enough. */
  async #livePages(id: string): Promise<Set<string>> {
    if (this.#pagesCache?.id !== id) this.#pagesCache = { id, pages: await htmlPages(this.store.buildDir(id)) };
    return this.#pagesCache.pages;
  }

  async #report(record: BuildRecord, live: boolean): Promise<void> {
    try {
      await this.reporter({
        id: record.id,
        kind: record.kind,
        status: record.status,
        live,
        triggers: record.triggers,
        notices: record.notices,
        startedAt: record.startedAt,
        finishedAt: record.finishedAt ?? null,
        durationMs: record.durationMs ?? null,
        pagesWritten: record.pagesWritten ?? null,
        errors: record.errors,
        // A failed build changed nothing: the live build's failures still stand, and are reported with it.
        failures: record.status === "success" ? (record.failures ?? []) : [],
        siteUrl: this.siteUrl ?? null,
      });
    } catch (error) {
      this.log(`the build reporter failed: ${messageOf(error)}`);
    }
  }
}

export class RollbackError extends Error {}

function withChanges(pages: Set<string>, { written, removed }: { written: string[]; removed: string[] }): Set<string> {
  const next = new Set(pages);
  for (const page of removed) next.delete(page);
  for (const page of written) next.add(page);
  return next;
}

function describe(triggers: Trigger[]): string {
  const shown = triggers.slice(0, 3).map((t) => `${t.operation} ${t.collection}/${t.id}`);
  return shown.join(", ") + (triggers.length > 3 ? ` and ${triggers.length - 3} more` : "");
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
