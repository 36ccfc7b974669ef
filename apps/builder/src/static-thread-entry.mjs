// Entry of the static server's worker thread. Node does not pass the main thread's `--import tsx`
// loader on to worker threads, so the thread registers tsx itself before loading the TypeScript.
import { register } from "tsx/esm/api";

register();
await import("./static-thread-worker.ts");
