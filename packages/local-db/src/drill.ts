// Fault drills on the launcher's database, with the real server process (never a mock):
// find it as an operator would (`ps`), kill it, and keep its port taken for a while so the
// outage lasts long enough to be observed, as a server that fails to come back would.

import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";

/** The database server listening on `port` (FerretDB's --listen or mongod's --port), found through /proc. */
export function databasePid(port: number): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      const ferret = args.includes("--listen") && args.includes(`127.0.0.1:${port}`);
      const mongod = args.some((a) => a.endsWith("mongod")) && args[args.indexOf("--port") + 1] === String(port);
      if (ferret || mongod) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

function gone(pid: number): boolean {
  try {
    // A zombie (ended, not yet reaped by its parent) counts as gone.
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.startsWith("Z") ?? true;
  } catch {
    return true;
  }
}

/** kill -9 on the database server on `port`; resolves once it has ended. Returns its pid. */
export async function killDatabase(port: number): Promise<number> {
  const pid = databasePid(port);
  if (!pid) throw new Error(`no database server process listens on port ${port}`);
  process.kill(pid, "SIGKILL");
  while (!gone(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
  return pid;
}

/**
 * Takes `port` and closes every connection made to it: clients see the database as down,
 * and the launcher's restarts fail (the port is in use) until `release()`.
 */
export async function holdPort(port: number, timeoutMs = 30_000): Promise<{ release: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.destroy();
  });
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  // The killed server's side of its clients' connections keeps the port busy until the clients
  // close theirs (FIN_WAIT), and the launcher may restart the server meanwhile: try again, killing
  // a restarted server, until the port is ours.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await listen();
      break;
    } catch (error) {
      // Cast: a failed listen rejects with a system error, whose code names the reason.
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || Date.now() > deadline) throw error;
      if (databasePid(port)) await killDatabase(port);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return {
    release: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
