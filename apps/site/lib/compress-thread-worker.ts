import { parentPort } from "node:worker_threads";
import { writeCompressedSync } from "./compress.js";
import { errorMessage } from "./errors.js";
import type { CompressionReply, CompressionRequest } from "./compress-thread.js";

// The compression thread's side (see compress-thread.ts): each file's copies made and written
// synchronously, in the order the pages come; the first failure is kept and reported at the end.

let written = 0;
let failure: string | undefined;
parentPort?.on("message", (message: CompressionRequest) => {
  if (message.type === "files") {
    if (failure) return;
    for (const { file, content } of message.files) {
      try {
        written += writeCompressedSync(file, content);
      } catch (error) {
        failure = `compressing ${file}: ${errorMessage(error)}`;
        return;
      }
    }
  } else {
    parentPort?.postMessage({ written, failure } satisfies CompressionReply);
    parentPort?.close();
  }
});
