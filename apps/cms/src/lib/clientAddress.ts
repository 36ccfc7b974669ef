// The client's address for per-client limits. X-Forwarded-For reaches the app only as Next set it
// from the socket, or as a proxy in TRUSTED_PROXY sent it: src/lib/trustedForwarding.ts drops the
// header from everyone else before Next sees the request (Next keeps a header the client sent).

/** TRUSTED_PROXY: comma-separated addresses of the reverse proxies in front of the CMS. */
export function trustedProxies(value = process.env.TRUSTED_PROXY): Set<string> {
  return new Set(
    (value ?? "")
      .split(",")
      .map((entry) => normalizeAddress(entry.trim()))
      .filter(Boolean),
  );
}

/** "::ffff:10.0.0.1" and "10.0.0.1" are the same client. */
export function normalizeAddress(address: string): string {
  return address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
}

/** The rightmost X-Forwarded-For entry that is not one of our proxies: the address our proxy saw. */
export function clientAddress(headers: Headers, proxies = trustedProxies()): string {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => normalizeAddress(hop.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!proxies.has(hops[i]!)) return hops[i]!;
  return hops[0] ?? "unknown";
}
