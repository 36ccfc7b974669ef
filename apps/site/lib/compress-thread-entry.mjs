// Entry of the full build's compression thread (compress-thread.ts). Node does not pass the main thread's
// `--import tsx` loader on to worker threads, so the thread registers tsx itself before loading the TypeScript
// (as apps/builder/src/static-thread-entry.mjs does).
import { register } from "tsx/esm/api";

register();
await import("./compress-thread-worker.ts");
