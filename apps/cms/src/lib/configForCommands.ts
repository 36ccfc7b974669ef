import type { SanitizedConfig } from "payload";

/**
 * The Payload config for a command run with `node --import tsx` (seed, create-admin).
 *
 * Why not a static `import config from "../payload.config"`: lexical's Node entry points
 * (`lexical/dist/*.node.mjs`, one per `@lexical/*` package) each `await import()` their dev or
 * prod build at top level. When the whole graph is imported at once through tsx's off-thread
 * loader on Node 20, those awaits sometimes never settle: the process exits 13 ("unsettled
 * top-level await") before printing anything — about one start in four under load, which is
 * how `npm run create-admin` failed in CI. Importing lexical's core first, alone, settles its
 * await before any package that depends on it starts evaluating (0 failures in 18 parallel
 * starts, against 6 of 24 before). Next bundles lexical, so `next start` is not affected.
 */
export async function configForCommands(): Promise<SanitizedConfig> {
  await import("lexical");
  return (await import("../payload.config")).default;
}
