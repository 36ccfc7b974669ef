import { createServer, request, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** The response header that names the instance which answered (for the tests only). */
export const UPSTREAM_HEADER = "x-e2e-upstream";

/**
 * The load balancer of a deployment with several CMS instances, as small as it can be: each request
 * goes to the next upstream in turn, with `X-Forwarded-For` (the client's address appended, as
 * nginx's `$proxy_add_x_forwarded_for` does), `X-Forwarded-Proto` and `X-Forwarded-Host`.
 * Hand-written: a dozen lines of `node:http` give the tests exact control of the rotation, where a
 * proxy library would add options the tests do not need.
 */
export async function startRoundRobinProxy(upstreams: readonly string[]) {
  let next = 0;
  const served: string[] = [];
  const server = createServer((req, res) => {
    const upstream = new URL(upstreams[next++ % upstreams.length]!);
    served.push(upstream.origin);
    const client = req.socket.remoteAddress ?? "";
    const forwardedFor = req.headers["x-forwarded-for"] ? `${String(req.headers["x-forwarded-for"])}, ${client}` : client;
    const headers: IncomingHttpHeaders = {
      ...req.headers,
      "x-forwarded-for": forwardedFor,
      "x-forwarded-proto": "http",
      "x-forwarded-host": req.headers.host ?? "",
    };
    const forwarded = request(
      { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, [UPSTREAM_HEADER]: upstream.origin });
        answer.pipe(res);
      },
    );
    forwarded.on("error", (error) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(`e2e proxy: ${upstream.origin} did not answer: ${error.message}`);
    });
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** The upstream of every request so far, in order. */
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
