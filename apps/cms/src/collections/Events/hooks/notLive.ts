import type { FieldHook, PayloadRequest } from "payload";
import { BuildFailure } from "@cica/schema";
import { staff } from "../../../access/predicates";

// "Published, not live" (issue 9, isolation): an event the last live build had
// to leave out, with why. The live build's report lists every failure still
// open (the builder carries them from build to build until that event builds),
// so the live build alone answers, for one event or a whole list page.

const LIVE_FAILURES = "cicaLiveBuildFailures";

/** The live build's failures, read once per request however many events it reads. */
export function liveBuildFailures(req: PayloadRequest): Promise<BuildFailure[]> {
  // Cast: req.context is Payload's untyped bag for one request; only this module reads or writes this key.
  const memo = req.context as Record<string, Promise<BuildFailure[]> | undefined>;
  memo[LIVE_FAILURES] ??= (async () => {
    const { docs } = await req.payload.find({
      collection: "builds",
      where: { live: { equals: true } },
      sort: "-startedAt",
      limit: 1,
      depth: 0,
      overrideAccess: true,
      req,
    });
    const failures: unknown = docs[0]?.failures;
    return Array.isArray(failures) ? failures.flatMap((f) => BuildFailure.safeParse(f).data ?? []) : [];
  })();
  return memo[LIVE_FAILURES];
}

/** The failure of this event in the live build, for staff; null when it is live as published (or for visitors). */
export const notLiveOnRead: FieldHook = async ({ req, originalDoc, data }) => {
  if (!(await staff({ req }))) return null;
  const id = originalDoc?.id ?? data?.id;
  if (id === undefined || id === null) return null;
  const failure = (await liveBuildFailures(req)).find((f) => f.collection === "events" && f.id === String(id));
  return failure ? { reason: failure.errors.join("; "), kept: failure.kept } : null;
};
