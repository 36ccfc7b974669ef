import { Worker } from "node:worker_threads";
import { isCompressible } from "./compress.js";

// The full build's brotli and gzip copies are made on a thread of their own while Eleventy renders on the
// main one: each page is handed over from memory as it is written (config.ts's transform, and the events'
// .ics from build.ts), and the thread compresses and writes synchronously (compress.ts writeCompressedSync).
// Measured at 1,000 events × 3 locales (6,222 files): the copies cost ≈ 2.3 s of CPU, but reading every file
// back and writing through fs/promises afterwards took 4–5 s on the main thread, after rendering; here they
// overlap the single-threaded render on the machine's other core. Partial builds compress a few dozen files
// and keep compressFiles: a thread's start (tsx in it) would cost more than it saves.

export type CompressionRequest = { type: "files"; files: { file: string; content: string | Uint8Array }[] } | { type: "end" };
export interface CompressionReply {
  written: number;
  /** The first file that could not be compressed, and why; the thread stops compressing there. */
  failure?: string;
}

const ENTRY = new URL("./compress-thread-entry.mjs", import.meta.url);
/** Files per message: fewer messages to post and receive, pages still handed over within a few milliseconds. */
const BATCH = 16;

export interface CompressionThread {
  /** Queues the copies of `file` (absolute path) if it is worth compressing; `content` is what is written to it. */
  add(file: string, content: string | Uint8Array): void;
  /** Whether add() took `file`: whatever did not come through add() is compressed after the render. */
  has(file: string): boolean;
  /** Resolves when every queued file's copies are written; the thread has ended by then. */
  finish(): Promise<{ written: number }>;
  /** Ends the thread at once (a failed build, before its folder is removed). */
  stop(): Promise<void>;
}

export function startCompressionThread(): CompressionThread {
  const worker = new Worker(ENTRY);
  const taken = new Set<string>();
  let batch: { file: string; content: string | Uint8Array }[] = [];
  // Listening from the start, so a thread that fails to load (or dies) is reported by finish() whenever it is called.
  const outcome = new Promise<CompressionReply>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the compression thread ended (exit code ${code}) before it had finished`)));
  });
  outcome.catch(() => undefined); // stop() does not wait for it
  const flush = () => {
    if (batch.length === 0) return;
    worker.postMessage({ type: "files", files: batch } satisfies CompressionRequest);
    batch = [];
  };
  return {
    add(file, content) {
      if (!isCompressible(file) || taken.has(file)) return;
      taken.add(file);
      batch.push({ file, content });
      if (batch.length >= BATCH) flush();
    },
    has: (file) => taken.has(file),
    async finish() {
      flush();
      worker.postMessage({ type: "end" } satisfies CompressionRequest);
      const { written, failure } = await outcome;
      if (failure) throw new Error(failure);
      return { written };
    },
    async stop() {
      await worker.terminate();
    },
  };
}
