// The queue's timing rules on a fake clock (vitest's timers move Date.now too), so what is checked is
// the rule itself, not how fast this machine happens to be.
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { CoalescingQueue, DEFAULT_MIN_INTERVAL_MS } from "../src/queue.js";
import type { Trigger } from "../src/store.js";

const BUILD_MS = 200;

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A queue whose builds take BUILD_MS of fake time, recording when each started and what it held. */
function recordingQueue() {
  const starts: { at: number; ids: string[] }[] = [];
  const queue = new CoalescingQueue({
    run: async (triggers: Trigger[]) => {
      starts.push({ at: Date.now(), ids: triggers.map((t) => t.id) });
      await new Promise((resolve) => setTimeout(resolve, BUILD_MS));
    },
  });
  const notice = (id: string) => queue.enqueue({ collection: "events", id, operation: "update", locales: ["en"] });
  return { queue, starts, notice };
}

describe("the build queue", () => {
  test("a single publish into an idle queue builds at once, even right after a burst's build started", async () => {
    const { starts, notice } = recordingQueue();
    expect(notice("a")).toBe("building");
    await vi.advanceTimersByTimeAsync(100);
    expect(notice("b")).toBe("waiting"); // notices keep coming: b waits out the spacing
    await vi.advanceTimersByTimeAsync(DEFAULT_MIN_INTERVAL_MS);
    expect(starts.map((s) => s.ids)).toEqual([["a"], ["b"]]);
    // Quiet since b, and b's build is over: the next publish is a single one into an idle queue.
    await vi.advanceTimersByTimeAsync(BUILD_MS);
    const publishedAt = Date.now();
    expect(publishedAt - starts[1]!.at).toBeLessThan(DEFAULT_MIN_INTERVAL_MS);
    expect(notice("c")).toBe("building");
    expect(starts.at(-1)).toEqual({ at: publishedAt, ids: ["c"] });
  });

  test("a single notice that arrives while a build runs starts the moment that build ends", async () => {
    const { starts, notice } = recordingQueue();
    notice("a");
    await vi.advanceTimersByTimeAsync(100);
    notice("b"); // b's build starts DEFAULT_MIN_INTERVAL_MS after a's and runs BUILD_MS
    await vi.advanceTimersByTimeAsync(DEFAULT_MIN_INTERVAL_MS);
    expect(starts.map((s) => s.ids)).toEqual([["a"], ["b"]]);
    const bEnds = starts[1]!.at + BUILD_MS;
    expect(Date.now()).toBeLessThan(bEnds);
    expect(notice("c")).toBe("waiting"); // alone after a long quiet, but b's build still runs
    await vi.advanceTimersByTimeAsync(bEnds - Date.now());
    expect(starts.at(-1)).toEqual({ at: bEnds, ids: ["c"] });
  });

  test("property: every notice is built; while notices keep coming build starts are the least interval apart", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 4000 }), { minLength: 1, maxLength: 25 }), async (gaps) => {
        vi.setSystemTime(0);
        const { queue, starts, notice } = recordingQueue();
        const arrivals: number[] = [];
        for (const [i, gap] of gaps.entries()) {
          await vi.advanceTimersByTimeAsync(gap);
          arrivals.push(Date.now());
          notice(`n${i}`);
        }
        await vi.advanceTimersByTimeAsync(10 * DEFAULT_MIN_INTERVAL_MS);
        await queue.idle();
        // Every notice is in exactly one build that started no earlier than it arrived.
        const builtIn = new Map(starts.flatMap((s) => s.ids.map((id) => [id, s.at] as const)));
        expect(builtIn.size).toBe(gaps.length);
        for (const [i, at] of arrivals.entries()) expect(builtIn.get(`n${i}`)).toBeGreaterThanOrEqual(at);
        // Two starts closer than the least interval: the second is a lone notice, built the moment it
        // arrived (or the moment the build before it ended) after a quiet of at least the interval.
        for (let k = 1; k < starts.length; k++) {
          if (starts[k]!.at - starts[k - 1]!.at >= DEFAULT_MIN_INTERVAL_MS) continue;
          expect(starts[k]!.ids).toHaveLength(1);
          const i = Number(starts[k]!.ids[0]!.slice(1));
          expect(i === 0 || arrivals[i]! - arrivals[i - 1]! >= DEFAULT_MIN_INTERVAL_MS).toBe(true);
          expect(starts[k]!.at).toBeLessThanOrEqual(Math.max(arrivals[i]!, starts[k - 1]!.at + BUILD_MS));
        }
        await queue.stop();
      }),
      { numRuns: 50 },
    );
  });
});
