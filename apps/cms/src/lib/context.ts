import type { RequestContext } from "payload";

/**
 * Flags callers put in Payload's `context` to switch side effects off.
 * The seed and the tests set `sideEffects: false`; the publish pipeline's
 * notice to the build service (issue #5) must honour it.
 */
export type CicaContext = RequestContext & { sideEffects?: boolean; seeding?: boolean };

export const sideEffectsOff = { sideEffects: false, seeding: true } satisfies CicaContext;

export function sideEffectsEnabled(context: RequestContext | undefined): boolean {
  return context?.sideEffects !== false;
}
