// Listening and closing an HTTP server, shared by the build service (main thread) and the static
// server (its own thread, static-thread-worker.ts).

import { once } from "node:events";
import type { Server } from "node:http";

/** Listens and resolves with the port actually bound (port 0 picks a free one). */
export async function listen(server: Server, port: number, host: string | undefined): Promise<number> {
  server.listen(port, host);
  await once(server, "listening");
  const address = server.address();
  return typeof address === "object" && address ? address.port : port;
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    // A keep-alive connection whose response just finished is not "idle" yet at close() time
    // and would hold the server open; sweep idle ones until closed, then cut what remains.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const cut = setTimeout(() => server.closeAllConnections(), 2000);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
