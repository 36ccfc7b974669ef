import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Listening {
  url: string;
  close: () => Promise<void>;
}

/** Starts `server` on a free loopback port. */
export function listen(server: Server): Promise<Listening> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      // listen() on a TCP port always gives an AddressInfo (a string only for pipes).
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) });
    }),
  );
}
