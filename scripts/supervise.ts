// The supervisor behind `npm start`: runs the long-lived children (CMS, build service), restarts one
// that crashes — with a growing pause, so a child that dies at once does not spin the machine —
// while the others keep serving, and stops everything when a child refuses its configuration
// (exit 78, EX_CONFIG), because starting it again would only refuse again.
import { spawn, type ChildProcess } from "node:child_process";
import { EX_CONFIG } from "@cica/cms/startup-config";

export interface Backoff {
  /** The pause before the first restart; each further crash doubles it… */
  firstDelayMs: number;
  /** …up to this. */
  maxDelayMs: number;
  /** A child that ran this long was healthy: its next crash starts again from `firstDelayMs`. */
  healthyAfterMs: number;
}

export const defaultBackoff: Backoff = { firstDelayMs: 1_000, maxDelayMs: 30_000, healthyAfterMs: 60_000 };

/** How one run of a child ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** How long this run lasted. */
  ranMs: number;
}

export type Decision = { restart: true; delayMs: number; crashes: number } | { restart: false; reason: string };

/**
 * What to do after a child exits on its own; `crashes` is how many crashes in a row came before.
 * Pure, so the policy is tested without processes or clocks.
 */
export function afterExit(name: string, exit: Exit, crashes: number, backoff: Backoff = defaultBackoff): Decision {
  if (exit.code === EX_CONFIG) {
    return { restart: false, reason: `${name} refused its configuration (exit ${EX_CONFIG}, see above); not restarting it` };
  }
  const inARow = exit.ranMs >= backoff.healthyAfterMs ? 0 : crashes;
  const delayMs = Math.min(backoff.firstDelayMs * 2 ** inARow, backoff.maxDelayMs);
  return { restart: true, delayMs, crashes: inARow + 1 };
}

export interface ChildSpec {
  name: string;
  /** Arguments to `node` (this process's executable), the script among them. */
  args: string[];
  env: NodeJS.ProcessEnv;
}

export interface Supervisor {
  /** Starts a child and keeps it running until `stop()`. */
  start(spec: ChildSpec): ChildProcess;
  /** The live process of a child, e.g. to find its pid; undefined while it waits to restart. */
  process(name: string): ChildProcess | undefined;
  /** Resolves once everything stopped: after `stop()`, or when a child refused its configuration. */
  stopped: Promise<{ code: number; reason: string }>;
  /** Stops every child (SIGTERM, then SIGKILL after `killAfterMs`) and resolves `stopped` with `code`. */
  stop(code?: number, reason?: string): Promise<void>;
  /** Whether `stop()` has begun, so that a start sequence waiting on a child can give up. */
  readonly stopping: boolean;
}

export interface SupervisorOptions {
  backoff?: Backoff;
  log?: (line: string) => void;
  killAfterMs?: number;
  /** "pipe" lets a test read the children's output; `npm start` shows it. */
  stdio?: "inherit" | "pipe";
}

export function createSupervisor(options: SupervisorOptions = {}): Supervisor {
  const { backoff = defaultBackoff, log = (line: string) => console.error(line), killAfterMs = 15_000, stdio = "inherit" } = options;
  const running = new Map<string, ChildProcess>();
  const pendingRestarts = new Set<NodeJS.Timeout>();
  let stopping = false;
  let settle: (outcome: { code: number; reason: string }) => void = () => {};
  const stopped = new Promise<{ code: number; reason: string }>((resolve) => (settle = resolve));

  function start(spec: ChildSpec, crashes = 0): ChildProcess {
    const started = Date.now();
    const child = spawn(process.execPath, spec.args, { env: spec.env, stdio: ["ignore", stdio, stdio] });
    running.set(spec.name, child);
    child.once("exit", (code, signal) => {
      running.delete(spec.name);
      if (stopping) return;
      const decision = afterExit(spec.name, { code, signal, ranMs: Date.now() - started }, crashes, backoff);
      if (!decision.restart) {
        log(`${decision.reason}; stopping everything.`);
        void stop(EX_CONFIG, decision.reason);
        return;
      }
      log(
        `${spec.name} stopped unexpectedly (${signal ?? `exit ${code}`}); restarting it in ${decision.delayMs / 1000} s, the rest keeps running.`,
      );
      const timer = setTimeout(() => {
        pendingRestarts.delete(timer);
        if (!stopping) start(spec, decision.crashes);
      }, decision.delayMs);
      pendingRestarts.add(timer);
    });
    return child;
  }

  function stopChild(child: ChildProcess): Promise<void> {
    return new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill("SIGTERM");
    });
  }

  async function stop(code = 0, reason = "stopped"): Promise<void> {
    if (stopping) return;
    stopping = true;
    for (const timer of pendingRestarts) clearTimeout(timer);
    // Last started first: the build service reports to the CMS, not the other way round.
    for (const child of [...running.values()].reverse()) await stopChild(child);
    settle({ code, reason });
  }

  return {
    start: (spec) => start(spec),
    process: (name) => running.get(name),
    stopped,
    stop,
    get stopping() {
      return stopping;
    },
  };
}
