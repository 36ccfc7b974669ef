// Keeps a database server process running: when it dies without being asked to (killed, crashed,
// out of memory), it is started again on the same port with the same data folder, after a pause
// that doubles from 0.5 s up to 30 s while it keeps failing, and each step is logged. Clients keep
// their connection string; the MongoDB driver reconnects by itself once the server answers again.

import type { ChildProcess } from "node:child_process";

const FIRST_DELAY_MS = 500;
const LONGEST_DELAY_MS = 30_000;
/** A server that stayed up this long has recovered: the next failure starts the pauses afresh. */
const HEALTHY_AFTER_MS = 60_000;

export type SupervisedServer = {
  /** for the log: "FerretDB", "mongod" */
  name: string;
  port: number;
  uri: string;
  /** starts the process and resolves once it answers ping (rejects otherwise, leaving nothing running) */
  launch: () => Promise<ChildProcess>;
  log: (line: string) => void;
  /** how to end the process when asked to stop (default stopChild: SIGTERM, then SIGKILL) */
  end?: (child: ChildProcess) => Promise<void>;
};

/** Starts the server (a failure of this first start is thrown to the caller) and watches it from then on. */
export async function superviseServer({
  name,
  port,
  uri,
  launch,
  log,
  end = stopChild,
}: SupervisedServer): Promise<{ uri: string; stop: () => Promise<void> }> {
  let stopping = false;
  let delayMs = FIRST_DELAY_MS;
  let timer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> | undefined;
  let child = await launch();

  function watch(current: ChildProcess): void {
    const startedAt = Date.now();
    current.once("exit", (code, signal) => {
      if (stopping) return;
      if (Date.now() - startedAt >= HEALTHY_AFTER_MS) delayMs = FIRST_DELAY_MS;
      log(`${name} on port ${port} exited (${signal ?? `code ${code}`}); restarting it on the same port and data folder in ${delayMs} ms`);
      scheduleRestart();
    });
  }

  function scheduleRestart(): void {
    timer = setTimeout(() => {
      restarting = restart();
    }, delayMs);
    delayMs = Math.min(delayMs * 2, LONGEST_DELAY_MS);
  }

  async function restart(): Promise<void> {
    if (stopping) return;
    try {
      const next = await launch();
      if (stopping) return await end(next);
      child = next;
      watch(child);
      log(`${name} restarted: answering again on port ${port}`);
    } catch (error) {
      log(`${name} could not be restarted: ${error instanceof Error ? error.message : String(error)}; next attempt in ${delayMs} ms`);
      scheduleRestart();
    }
  }

  watch(child);
  return {
    uri,
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await restarting;
      await end(child);
    },
  };
}

/** SIGTERM, then SIGKILL if the process has not ended after 10 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
    const killTimer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(killTimer);
      resolveStop();
    });
    child.kill("SIGTERM");
  });
}
