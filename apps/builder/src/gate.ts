// The drop gate: a build that would take a large share of the live pages off
// the site is far more likely a broken data fetch (an empty API answer, a
// missing locale) than an editor's intent — unless the notices say documents
// were deleted or unpublished.

import type { Trigger } from "./store.js";

/** Operations in a notice that take pages off the site. */
export const REMOVING_OPERATIONS = new Set(["delete", "unpublish"]);

export type GateOptions = {
  /** share of live HTML pages that may vanish unexplained (default 0.2) */
  maxDropShare?: number;
  /** HTML pages one removed document may account for in each locale (default 3) */
  pagesPerDocument?: number;
  /** locales assumed when a removing notice lists none (default 3) */
  defaultLocaleCount?: number;
};

export type GateResult =
  | { ok: true; missing: string[]; allowance: number; limit: number }
  | { ok: false; missing: string[]; allowance: number; limit: number; reason: string };

export function checkDropGate({
  livePages,
  newPages,
  triggers,
  maxDropShare = 0.2,
  pagesPerDocument = 3,
  defaultLocaleCount = 3,
}: { livePages: Set<string>; newPages: Set<string>; triggers: Trigger[] } & GateOptions): GateResult {
  const missing = [...livePages].filter((page) => !newPages.has(page)).sort();
  let allowance = 0;
  for (const trigger of triggers) {
    if (trigger.operations.some((op) => REMOVING_OPERATIONS.has(op))) {
      allowance += (trigger.locales.length || defaultLocaleCount) * pagesPerDocument;
    }
  }
  const limit = Math.floor(livePages.size * maxDropShare);
  const unexplained = missing.length - allowance;
  if (missing.length > limit && unexplained > limit) {
    const sample = missing.slice(0, 5).join(", ") + (missing.length > 5 ? ", …" : "");
    return {
      ok: false,
      missing,
      allowance,
      limit,
      reason:
        `drop gate: the build would remove ${missing.length} of ${livePages.size} live pages ` +
        `(${Math.round((100 * missing.length) / Math.max(1, livePages.size))}%, more than ${Math.round(maxDropShare * 100)}%), ` +
        `and deletions/unpublishes in the notices explain at most ${allowance}; missing: ${sample}`,
    };
  }
  return { ok: true, missing, allowance, limit };
}
