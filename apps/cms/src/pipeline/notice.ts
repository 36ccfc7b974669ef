import { randomUUID } from "node:crypto";
import { createLocalReq, type Payload, type PayloadRequest } from "payload";
import { localeCodes, type BuildNotice, type LocaleCode } from "@cica/schema";
import { sideEffectsEnabled } from "../lib/context";
import { env } from "../lib/env";

export const BUILD_NOTICE_TASK = "notifySiteBuild";
export const BUILD_NOTICE_QUEUE = "site-build";

export type NoticeInput = Omit<BuildNotice, "time" | "locales" | "key"> & {
  locales?: readonly LocaleCode[];
  /** what identifies this change of the document: its `updatedAt` after the write (or before a delete) */
  version?: string | null;
};

/**
 * The notice's idempotency key: one per change of one document. It is fixed when the
 * change is queued, so every delivery of that job (a second runner picking it up, a retry
 * after a lost answer) carries the same key and the build service acts on it once.
 * Without a version (none is known), a random one still makes each queued job's key unique.
 */
export function noticeKey(input: Pick<NoticeInput, "collection" | "id" | "operation" | "version">): string {
  const version = (input.version ?? "").replace(/[^A-Za-z0-9:_.@+-]/g, "") || randomUUID();
  return `${input.collection}/${String(input.id).replace(/[^A-Za-z0-9:_.@+-]/g, "")}/${input.operation}@${version}`.slice(0, 200);
}

/**
 * Queues the "site changed" notice as a job in Payload's jobs queue, with the
 * request that made the change.
 *
 * Why a job and why `req`: the job document is written through `req`, so on a
 * database with transactions (a MongoDB replica set) it is part of the same
 * transaction as the change — a write that is rolled back takes its notice
 * with it, and a committed one always has its notice stored, surviving a CMS
 * restart and retried with backoff while the build service is down. FerretDB
 * (the local launcher's engine) has no transactions: there the change is
 * already stored when afterChange/afterDelete runs and nothing can roll it
 * back, so the notice describes a committed change just the same.
 *
 * Callers put `sideEffects: false` in Payload's context (the seed, tests,
 * the bench's bulk load) to send nothing.
 */
export async function queueBuildNotice(req: PayloadRequest, input: NoticeInput): Promise<void> {
  if (!sideEffectsEnabled(req.context)) return;
  const notice: BuildNotice = {
    collection: input.collection,
    id: String(input.id),
    operation: input.operation,
    locales: [...(input.locales ?? localeCodes)],
    time: new Date().toISOString(),
    key: noticeKey(input),
  };
  await req.payload.jobs.queue({ task: BUILD_NOTICE_TASK, queue: BUILD_NOTICE_QUEUE, input: notice, req });
  kickNoticeQueue(req.payload, Boolean(req.transactionID));
}

let kickTimer: NodeJS.Timeout | undefined;

/**
 * Sends queued notices now instead of at the next cron tick, so publish→live
 * is not held back by the queue's polling interval. Deferred to after the
 * current request: inside a transaction the job is visible only once it is
 * committed (if it is not yet, the cron picks it up a moment later).
 * Several changes in one request (or a burst) share one kick.
 */
function kickNoticeQueue(payload: Payload, inTransaction: boolean): void {
  if (!env.jobsAutoRun || kickTimer) return;
  kickTimer = setTimeout(
    () => {
      kickTimer = undefined;
      void payload.jobs
        .run({ queue: BUILD_NOTICE_QUEUE, limit: 50, silent: { info: true } })
        .catch((error: Error) => payload.logger.warn(`build notice queue: ${error.message}`));
    },
    inTransaction ? 100 : 0,
  );
  kickTimer.unref?.();
}

/**
 * After a start, the site is brought up to date with whatever the CMS stored before it
 * stopped. A CMS killed in the middle of a publish may have stored the event (FerretDB has
 * no transactions: the document is written before afterChange queues its notice) without
 * queueing the notice, or have been sending it (its job then stays marked "processing" and
 * no runner takes it again). So:
 * - notice jobs left "processing" by the previous process are handed back to the queue
 *   (a second delivery of one is recognised by its key and builds nothing) — only those
 *   untouched for STALE_NOTICE_MS: another CMS instance on the same database may be sending
 *   its own right now;
 * - one notice asks for a full build, which reads everything as stored now. It costs one
 *   build per CMS start; it is what makes the site converge after any crash, deletes included.
 */
export async function catchUpAfterStart(payload: Payload): Promise<void> {
  await handBackStaleNotices(payload);
  // A process that crashed a moment ago left jobs that are not stale yet: look again once they are.
  setTimeout(() => void handBackStaleNotices(payload).catch(() => {}), STALE_NOTICE_MS + 1000).unref?.();
  const req = await createLocalReq({}, payload);
  // Not an event: the build service builds the whole site for it (apps/site/lib/partial.ts).
  await queueBuildNotice(req, { collection: "cms", id: "start", operation: "rebuild", version: new Date().toISOString() });
}

/** Longer than a delivery can take (the notice's request times out after 10 s). */
const STALE_NOTICE_MS = 30_000;

async function handBackStaleNotices(payload: Payload): Promise<void> {
  await payload.update({
    collection: "payload-jobs",
    where: {
      and: [
        { taskSlug: { equals: BUILD_NOTICE_TASK } },
        { processing: { equals: true } },
        { completedAt: { exists: false } },
        { updatedAt: { less_than: new Date(Date.now() - STALE_NOTICE_MS).toISOString() } },
      ],
    },
    data: { processing: false },
    depth: 0,
    overrideAccess: true,
  });
}
