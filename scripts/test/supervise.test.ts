// The restart policy of `npm start` (scripts/supervise.ts): as a pure function, and with real child
// processes that crash or refuse their configuration.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EX_CONFIG } from "@cica/cms/startup-config";
import { afterExit, createSupervisor, defaultBackoff, type Backoff } from "../supervise.ts";

const { firstDelayMs, maxDelayMs, healthyAfterMs } = defaultBackoff;
const crash = (ranMs: number) => ({ code: 1, signal: null, ranMs });

/** The pauses a child gets when every run is shorter than `healthyAfterMs`. */
function pausesFor(runs: number[], backoff: Backoff = defaultBackoff): number[] {
  let crashes = 0;
  return runs.map((ranMs) => {
    const decision = afterExit("build service", crash(ranMs), crashes, backoff);
    if (!decision.restart) throw new Error("a crash must be restarted");
    crashes = decision.crashes;
    return decision.delayMs;
  });
}

describe("the restart policy", () => {
  it("restarts a crash after 1 s, then 2 s, 4 s … and never waits more than 30 s", () => {
    expect(pausesFor([10, 10, 10, 10, 10, 10, 10, 10])).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it("restarts a process killed by a signal (kill -9)", () => {
    expect(afterExit("build service", { code: null, signal: "SIGKILL", ranMs: 5 }, 0)).toMatchObject({
      restart: true,
      delayMs: firstDelayMs,
    });
  });

  it("never restarts a child that refused its configuration, and says which one and why", () => {
    const decision = afterExit("CMS", { code: EX_CONFIG, signal: null, ranMs: 5 }, 3);
    expect(decision).toEqual({ restart: false, reason: expect.stringMatching(/^CMS refused its configuration \(exit 78/) });
  });

  it("any run of crashes: pauses never shrink, stay within 1–30 s, and start over after a healthy minute", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 3 * healthyAfterMs }), { minLength: 1, maxLength: 40 }), (runs) => {
        const pauses = pausesFor(runs);
        pauses.forEach((pause, i) => {
          expect(pause).toBeGreaterThanOrEqual(firstDelayMs);
          expect(pause).toBeLessThanOrEqual(maxDelayMs);
          if (runs[i]! >= healthyAfterMs) expect(pause).toBe(firstDelayMs);
          else if (i > 0 && runs[i - 1]! < healthyAfterMs) expect(pause).toBeGreaterThanOrEqual(pauses[i - 1]!);
        });
      }),
    );
  });
});

const node = (source: string) => ["--input-type=module", "-e", source];

describe("the supervisor with real processes", () => {
  const quick: Backoff = { firstDelayMs: 20, maxDelayMs: 100, healthyAfterMs: 60_000 };

  it("restarts a crashed child while the others keep running", async () => {
    const lines: string[] = [];
    const supervisor = createSupervisor({ backoff: quick, log: (line) => lines.push(line), stdio: "pipe", killAfterMs: 2_000 });
    const steady = supervisor.start({ name: "steady", args: node("setInterval(() => {}, 1000)"), env: process.env });
    const first = supervisor.start({ name: "crashy", args: node("setInterval(() => {}, 1000)"), env: process.env });
    first.kill("SIGKILL");
    const restarted = await waitFor(() => {
      const current = supervisor.process("crashy");
      return current && current.pid !== first.pid && current.exitCode === null ? current : undefined;
    });
    expect(restarted.pid).not.toBe(first.pid);
    expect(supervisor.process("steady")).toBe(steady);
    expect(steady.exitCode).toBeNull();
    expect(lines.join("\n")).toMatch(/crashy stopped unexpectedly \(SIGKILL\); restarting it/);
    await supervisor.stop();
    expect(await supervisor.stopped).toEqual({ code: 0, reason: "stopped" });
    expect(steady.exitCode !== null || steady.signalCode !== null).toBe(true);
  });

  it("stops everything when a child exits 78, and says why", async () => {
    const lines: string[] = [];
    const supervisor = createSupervisor({ backoff: quick, log: (line) => lines.push(line), stdio: "pipe", killAfterMs: 2_000 });
    const steady = supervisor.start({ name: "CMS", args: node("setInterval(() => {}, 1000)"), env: process.env });
    supervisor.start({ name: "build service", args: node(`process.exit(${EX_CONFIG})`), env: process.env });
    const outcome = await supervisor.stopped;
    expect(outcome.code).toBe(EX_CONFIG);
    expect(outcome.reason).toMatch(/^build service refused its configuration/);
    expect(lines.join("\n")).toMatch(/build service refused its configuration .*not restarting it; stopping everything/);
    expect(steady.exitCode !== null || steady.signalCode !== null).toBe(true);
    expect(supervisor.process("build service")).toBeUndefined();
  });
});

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("the condition never held");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
