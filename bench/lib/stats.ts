// The figures every bench prints: nearest-rank percentiles and durations, written once so that
// every bench's "p50" means the same thing.
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";

/** The nearest-rank percentile `p` (0–100) of `values`, in any order; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** The median, as the nearest-rank 50th percentile. */
export const median = (values: readonly number[]): number => percentile(values, 50);

/** "12 ms", or with `decimals` "12.3 ms". */
export const ms = (value: number, decimals = 0): string => `${value.toFixed(decimals)} ms`;

/** "1.23 s" from milliseconds. */
export const seconds = (milliseconds: number): string => `${(milliseconds / 1000).toFixed(2)} s`;

/** The 1, 5 and 15 minute load averages, "0.52 0.61 0.70": a figure taken on a busy machine says so. */
export const loadAverage = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

/**
 * CPU time (user + system, ms) of the calling thread alone, from Linux's /proc/thread-self/stat (10 ms steps);
 * undefined elsewhere. With work on other threads, this thread's share is what sets the wall time on an idle
 * machine with a core to spare for the rest, where process.cpuUsage() adds every thread together.
 */
export function threadCpuMs(): number | undefined {
  try {
    // The fields after the command name (which is in parentheses and may hold spaces): utime and stime are 14th and 15th.
    const fields = readFileSync("/proc/thread-self/stat", "utf8").split(") ")[1]?.split(" ") ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}
