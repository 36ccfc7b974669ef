// The static server runs in its own worker thread, so serving never waits for building.
//
// WHY a thread for the server rather than for the build: the Eleventy build and the service's own
// work around it (walking a new build's pages, the drop gate, pruning thousands of files) all run
// on the main thread's event loop and keep it busy for seconds to minutes; a full build of 15,000
// pages once made the public site answer 13 requests/s with a 30 s time-out. The static server
// needs nothing from that thread: it resolves the `live` symlink on every request, so an atomic
// swap made by the main thread is seen by its next request exactly as before. Moving it out keeps
// every build function (the site's, the tests', the benches') and its results, errors and partial
// state unchanged and in-process, and any future work on the main thread (another build step, a
// synchronous call, a long garbage collection of the build's heap — each thread has its own heap)
// cannot stall it either. A thread rather than a child process: it starts in milliseconds, stops
// with the service, and no second process has to be supervised or given the environment.
//
// If the thread ever dies (a bug: request errors are answered with 500 inside it), it is started
// again on the same port after a pause that doubles up to 30 s, and the service logs it.

import { Worker } from "node:worker_threads";
import type { SiteHandlerOptions } from "./static-server.js";

export type StaticThreadData = Omit<SiteHandlerOptions, "log"> & { port: number; host?: string };
export type StaticThreadMessage = { type: "listening"; port: number } | { type: "log"; line: string } | { type: "closed" };

const ENTRY = new URL("./static-thread-entry.mjs", import.meta.url);
const FIRST_RESTART_DELAY_MS = 500;
const LONGEST_RESTART_DELAY_MS = 30_000;
/** A thread that served this long had recovered: the next failure starts the pauses afresh. */
const HEALTHY_AFTER_MS = 60_000;

export type StaticThread = { port: number; stop: () => Promise<void> };

/** Starts the static server in a worker thread; resolves once it listens. */
export async function startStaticThread({
  log = () => {},
  ...data
}: SiteHandlerOptions & { port: number; host?: string }): Promise<StaticThread> {
  let stopping = false;
  let restartDelayMs = FIRST_RESTART_DELAY_MS;
  let restartTimer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> | undefined;

  type Running = { worker: Worker; port: number; exited: Promise<unknown>; hasExited: boolean };
  function start(port: number): Promise<Running> {
    const worker = new Worker(ENTRY, { workerData: { ...data, port } satisfies StaticThreadData });
    return new Promise((resolve, reject) => {
      const running: Running = { worker, port, exited: new Promise((done) => worker.once("exit", done)), hasExited: false };
      let listeningSince = 0;
      worker.on("message", (message: StaticThreadMessage) => {
        if (message.type === "log") log(message.line);
        if (message.type === "listening") {
          listeningSince = Date.now();
          running.port = message.port;
          resolve(running);
        }
      });
      worker.on("error", (error) => {
        if (!listeningSince) reject(error);
        else log(`static server thread failed: ${error.stack ?? error.message}`);
      });
      worker.on("exit", (code) => {
        running.hasExited = true;
        if (!listeningSince) return reject(new Error(`the static server thread exited with code ${code} before it listened`));
        if (stopping) return;
        if (Date.now() - listeningSince >= HEALTHY_AFTER_MS) restartDelayMs = FIRST_RESTART_DELAY_MS;
        log(`static server thread exited (code ${code}); starting it again on port ${running.port} in ${restartDelayMs} ms`);
        scheduleRestart();
      });
    });
  }

  let current = await start(data.port);
  const port = current.port;

  function scheduleRestart(): void {
    restartTimer = setTimeout(() => {
      restarting = restart();
    }, restartDelayMs);
    restartDelayMs = Math.min(restartDelayMs * 2, LONGEST_RESTART_DELAY_MS);
  }

  async function restart(): Promise<void> {
    try {
      current = await start(port);
      log(`static server thread listening again on port ${port}`);
    } catch (error) {
      log(
        `static server thread could not start again: ${error instanceof Error ? error.message : String(error)}; trying again in ${restartDelayMs} ms`,
      );
      if (!stopping) scheduleRestart();
    }
  }

  return {
    port,
    /** Closes the server (connections as the build service's) and ends the thread. */
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      await restarting;
      if (current.hasExited) return;
      current.worker.postMessage({ type: "stop" });
      // close() cuts lingering connections after 2 s; should the thread still not end, end it.
      const cut = setTimeout(() => void current.worker.terminate(), 5000);
      await current.exited;
      clearTimeout(cut);
    },
  };
}
