// Next calls register() once when the server starts, before it handles the first request — Payload
// itself initialises only on that first request, after Next already listens. A refused configuration
// therefore stops the process here, before anything is answered (scripts/start.ts checks the same
// rules before it even starts Next).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { exitIfRefused } = await import("./lib/startupConfig");
  exitIfRefused(process.env, "CMS");
  const { trustForwardingOnlyFromProxies } = await import("./lib/trustedForwarding");
  trustForwardingOnlyFromProxies();
}
