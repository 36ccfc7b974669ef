// The figures every bench prints: nearest-rank percentiles and durations, written once so that
// every bench's "p50" means the same thing.
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
