import * as z from "zod";
import { localeCodes } from "./locales.js";

// The two messages of the publish pipeline (signed with ./signature.ts):
// the CMS's notice to the build service, and the build service's report back.

/** POST BUILD_HOOK_URL: "this changed, rebuild". `operation` is a word: publish, unpublish, delete, update, schedule… */
export const BuildNotice = z.object({
  collection: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'must be a collection slug such as "events"'),
  id: z.string().min(1).max(128),
  operation: z.string().regex(/^[a-z][a-z-]{0,31}$/, 'must be a word such as "publish", "unpublish" or "delete"'),
  locales: z.array(z.enum(localeCodes)),
  time: z.iso.datetime({ offset: true }),
  /**
   * One key per change (collection/id/operation@version): a notice sent twice for the same
   * change — a queue that runs its job twice, a retry after a lost answer, a CMS restarted
   * mid-send — carries the same key, and the build service acts on it once. Optional so that
   * a notice typed by hand (a test, an operator's curl) still works; such a notice is never
   * taken for a duplicate.
   */
  key: z
    .string()
    .regex(/^[A-Za-z0-9:_.@/+-]{1,200}$/, "must be the change's key (letters, digits and :_.@/+-)")
    .optional(),
});
export type BuildNotice = z.infer<typeof BuildNotice>;

export const BuildTrigger = z.object({
  collection: z.string(),
  id: z.string(),
  operation: z.string(),
  operations: z.array(z.string()).optional(),
  locales: z.array(z.string()),
  time: z.string().optional(),
  notices: z.number().int().nonnegative().optional(),
});
export type BuildTrigger = z.infer<typeof BuildTrigger>;

/**
 * A document the build left out because it cannot be built (written around the
 * CMS, or a bug), while the rest of the site went live. `kept` says whether its
 * last good pages are still served. A build reports every failure still open,
 * so the latest live build's list is the whole story: a failure disappears from
 * it once a build of that document succeeds.
 */
export const BuildFailure = z.object({
  collection: z.enum(["events", "organizations", "media"]),
  id: z.string().min(1).max(128),
  /** The slug or name, so a person can recognise the document. */
  label: z.string().max(300).nullish(),
  errors: z.array(z.string().max(2000)).min(1).max(50),
  kept: z.boolean(),
});
export type BuildFailure = z.infer<typeof BuildFailure>;

/** POST ${CMS_URL}/api/builds: sent when a build starts (running) and when it ends; upserted by `id`. */
export const BuildReport = z.object({
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, "must be the build id"),
  kind: z.enum(["build", "rollback"]),
  status: z.enum(["running", "success", "failed"]),
  live: z.boolean(),
  triggers: z.array(BuildTrigger).max(1000),
  notices: z.number().int().nonnegative(),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }).nullable(),
  durationMs: z.number().nonnegative().nullable(),
  pagesWritten: z.number().int().nonnegative().nullable(),
  errors: z.array(z.string()).max(1000),
  /** Documents left out of an otherwise successful build (absent from reports of older builders). */
  failures: z.array(BuildFailure).max(1000).default([]),
  siteUrl: z.string().nullable(),
});
export type BuildReport = z.infer<typeof BuildReport>;
