// @ts-check
// The build pipeline: build into a new folder, validate, swap live, prune,
// record and report. Notices go through the coalescing queue.

import { EventEmitter } from "node:events";
import { checkDropGate } from "./gate.mjs";
import { CoalescingQueue } from "./queue.mjs";
import { BuildStore, htmlPages } from "./store.mjs";

/** @typedef {import("./store.mjs").Trigger} Trigger */
/** @typedef {import("./store.mjs").BuildRecord} BuildRecord */
/** @typedef {import("./reporter.mjs").Reporter} Reporter */

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
 * @typedef {(input: { outputDir: string, triggers: Trigger[], siteUrl?: string, previousDir?: string, previousStateFile?: string, stateFile?: string }) =>
 *   Promise<{ pagesWritten: number, errors: string[], changesAt?: (string | Date)[], mode?: string, reason?: string, htmlChanges?: { written: string[], removed: string[] } }>} BuildFunction
 */

const MAX_ERROR_LINES = 50;
const MAX_ERROR_LENGTH = 1000;

export class Builder extends EventEmitter {
  /**
   * @param {object} options
   * @param {string} options.dataDir
   * @param {BuildFunction} options.build
   * @param {Reporter} [options.reporter]
   * @param {number} [options.keep]           successful builds kept for rollback (default 5)
   * @param {import("./gate.mjs").GateOptions} [options.gate]
   * @param {number} [options.quietMs]
   * @param {number} [options.maxWaitMs]
   * @param {number} [options.minIntervalMs]
   * @param {string} [options.siteUrl]
   * @param {(line: string) => void} [options.log]
   */
  constructor({ dataDir, build, reporter = async () => {}, keep = 5, gate = {}, quietMs, maxWaitMs, minIntervalMs, siteUrl, log = () => {} }) {
    super();
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

  async init() {
    await this.store.init();
  }

  /**
   * Queues a notice (or a scheduled/manual cause) for building.
   * @param {import("./queue.mjs").Notice} notice
   * @param {{ force?: boolean }} [options] force skips the drop gate
   */
  notify(notice, options) {
    return this.queue.enqueue(notice, options);
  }

  /** Resolves when no build runs or waits. */
  idle() {
    return this.queue.idle();
  }

  async stop() {
    await this.queue.stop();
  }

  /** @returns {Promise<BuildRecord | undefined>} the record of the build being served */
  async liveRecord() {
    const live = await this.store.liveBuildId();
    return live ? this.store.findRecord(live) : undefined;
  }

  async status() {
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
   * @param {string} [to]
   * @returns {Promise<BuildRecord>}
   */
  async rollback(to) {
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
    /** @type {BuildRecord} */
    const record = {
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
      rolledBackTo: target,
      previousLive: liveId ?? undefined,
    };
    await this.store.saveRecord(record);
    this.log(`rolled back: live is now ${target} (was ${liveId ?? "nothing"})`);
    void this.#report(record, true);
    this.emit("live", target);
    return record;
  }

  /**
   * @param {Trigger[]} triggers
   * @param {{ notices: number, force: boolean }} meta
   */
  async #runBuild(triggers, { notices, force }) {
    const started = new Date();
    const id = this.store.newBuildId(started);
    /** @type {BuildRecord} */
    const record = { id, kind: "build", status: "running", triggers, notices, startedAt: started.toISOString(), errors: [] };
    await this.store.saveRecord(record);
    void this.#report(record, false);
    this.log(`build ${id} started for ${describe(triggers)}`);

    /** @type {string[]} */
    const errors = [];
    /** @type {Set<string> | undefined} */
    let newPages;
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
      if (!result || typeof result !== "object") throw new Error("the build function returned no result");
      errors.push(...(Array.isArray(result.errors) ? result.errors.map(String) : ["the build function returned no errors array"]));
      record.pagesWritten = Number.isFinite(result.pagesWritten) ? result.pagesWritten : undefined;
      if (typeof result.mode === "string") record.mode = result.mode;
      if (typeof result.reason === "string") record.reason = result.reason;
      if (Array.isArray(result.changesAt)) {
        record.changesAt = result.changesAt.map((d) => new Date(d)).filter((d) => !Number.isNaN(d.getTime())).map((d) => d.toISOString());
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
          if (!gate.ok) errors.push(/** @type {string} */ (gate.reason));
        }
      }
    } catch (error) {
      const err = /** @type {Error} */ (error);
      errors.push(`the build threw: ${err?.message ?? String(error)}`);
      for (const line of String(err?.stack ?? "").split("\n").slice(1, 6)) errors.push(line.trim());
    }

    if (errors.length === 0) {
      try {
        await this.store.makeLive(id);
        this.#pagesCache = { id, pages: /** @type {Set<string>} */ (newPages) };
      } catch (error) {
        errors.push(`could not make the build live: ${/** @type {Error} */ (error).message}`);
      }
    }
    if (errors.length > 0) await this.store.discard(id).catch(() => {});

    record.status = errors.length === 0 ? "success" : "failed";
    record.errors = errors.slice(0, MAX_ERROR_LINES).map((line) => (line.length > MAX_ERROR_LENGTH ? `${line.slice(0, MAX_ERROR_LENGTH)}…` : line));
    if (errors.length > MAX_ERROR_LINES) record.errors.push(`… and ${errors.length - MAX_ERROR_LINES} more error lines`);
    record.finishedAt = new Date().toISOString();
    record.durationMs = Date.now() - started.getTime();
    await this.store.saveRecord(record);

    if (record.status === "success") {
      this.log(`build ${id} is live: ${record.htmlPages} HTML pages, ${record.durationMs} ms${record.mode ? ` (${record.mode}${record.reason ? `: ${record.reason}` : ""})` : ""}`);
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
        this.log(`could not remove old builds: ${/** @type {Error} */ (error).message}`);
      }
    }
    return record;
  }

  /** @type {{ id: string, pages: Set<string> } | undefined} */
  #pagesCache;

  /** The live build's HTML pages; build folders never change, so one walk per build is enough. @param {string} id */
  async #livePages(id) {
    if (this.#pagesCache?.id !== id) this.#pagesCache = { id, pages: await htmlPages(this.store.buildDir(id)) };
    return this.#pagesCache.pages;
  }

  /** @param {BuildRecord} record @param {boolean} live */
  async #report(record, live) {
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
        siteUrl: this.siteUrl ?? null,
      });
    } catch (error) {
      this.log(`the build reporter failed: ${/** @type {Error} */ (error).message}`);
    }
  }
}

export class RollbackError extends Error {}

/**
 * @param {Set<string>} pages
 * @param {{ written: string[], removed: string[] }} changes
 */
function withChanges(pages, { written, removed }) {
  const next = new Set(pages);
  for (const page of removed) next.delete(page);
  for (const page of written) next.add(page);
  return next;
}

/** @param {Trigger[]} triggers */
function describe(triggers) {
  const shown = triggers.slice(0, 3).map((t) => `${t.operation} ${t.collection}/${t.id}`);
  return shown.join(", ") + (triggers.length > 3 ? ` and ${triggers.length - 3} more` : "");
}
