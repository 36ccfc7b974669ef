// The static server inside its worker thread (started by static-thread.ts). It only reads the live
// folder, so it needs nothing from the main thread but its options; log lines go back as messages.

import { parentPort, workerData } from "node:worker_threads";
import { close, listen } from "./http-listen.js";
import { createStaticServer } from "./static-server.js";
import type { StaticThreadData, StaticThreadMessage } from "./static-thread.js";

// workerData is whatever static-thread.ts passed; it is always a StaticThreadData.
const { port, host, ...options } = workerData as StaticThreadData;
const post = (message: StaticThreadMessage) => parentPort?.postMessage(message);

const { server } = createStaticServer({ ...options, log: (line) => post({ type: "log", line }) });
post({ type: "listening", port: await listen(server, port, host) });

parentPort?.on("message", async (message: { type: "stop" }) => {
  if (message.type !== "stop") return;
  await close(server);
  post({ type: "closed" });
  parentPort?.close();
});
