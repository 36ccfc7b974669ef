import http from "node:http";
import { normalizeAddress, trustedProxies } from "./clientAddress";

// Next fills X-Forwarded-For from the socket only when the request has none (base-server.js:
// `req.headers['x-forwarded-for'] ??= socket.remoteAddress`), so any client could name its own
// address and escape the sign-in limits. Route handlers never see the socket; this is the one
// place that does: the forwarding headers are dropped unless the peer is a configured proxy.
const forwardingHeaders = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

export function trustForwardingOnlyFromProxies(): void {
  const proxies = trustedProxies();
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function emitWithTrustedForwarding(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage; // Node's 'request' event: (IncomingMessage, ServerResponse)
      if (!proxies.has(normalizeAddress(request.socket.remoteAddress ?? ""))) {
        for (const name of forwardingHeaders) delete request.headers[name];
      }
    }
    return Reflect.apply(emit, this, [event, ...args]);
  };
}
