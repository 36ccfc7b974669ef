import type { DatabaseAdapterObj } from "payload";

/** Where the claims are kept: one document per (job, state of the job) that a runner took. */
export const JOB_CLAIMS_COLLECTION = "payload-job-claims";
/** Claims are only needed while two runners could read the same job state; older ones are swept. */
const KEEP_CLAIMS_MS = 24 * 60 * 60 * 1000;

type JobDoc = { id: string | number; updatedAt?: string; totalTried?: number };
type ClaimStore = {
  insertOne: (doc: { _id: string; at: Date }) => Promise<unknown>;
  deleteMany: (filter: Record<string, unknown>) => Promise<unknown>;
};
type UpdateJobsArgs = { id?: string | number; data?: Record<string, unknown>; where?: unknown; limit?: number; sort?: unknown } & Record<
  string,
  unknown
>;

/** One job in one state: a retried or handed-back job is written again (new `updatedAt`, new try), so it gets a new key. */
export function claimKey(job: JobDoc): string {
  return `${String(job.id)}@${job.updatedAt ?? ""}#${job.totalTried ?? 0}`;
}

/**
 * Tries to claim each job; resolves to the ones this runner won. A claim is an insert with the
 * key as `_id`: the database refuses the second insert of one key (E11000) on every engine,
 * FerretDB included, where a conditional update (`{_id, processing: false}` → `processing: true`)
 * is not atomic across connections (measured: 47 wins for 30 jobs with 4 concurrent runners).
 */
export async function claimJobs<T extends JobDoc>(store: ClaimStore, jobs: readonly T[], now = new Date()): Promise<T[]> {
  const won: T[] = [];
  for (const job of jobs) {
    try {
      await store.insertOne({ _id: claimKey(job), at: now });
      won.push(job);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
  return won;
}

/**
 * Payload's jobs runner takes jobs with `updateJobs({ where: not processing, limit, data: { processing: true } })`,
 * which the MongoDB adapter does as "find the ids, then update those ids": two CMS instances polling
 * the same queue both find a job and both run it — a scheduled publish twice, two build notices.
 * This wraps that one call (a claim: `processing: true` without an id) so that each job found is
 * first claimed (`claimJobs`) and only the won ones are marked and returned. Everything else
 * goes to the adapter unchanged.
 */
export function withExclusiveJobClaims(adapterObj: DatabaseAdapterObj): DatabaseAdapterObj {
  const init = adapterObj.init;
  return {
    ...adapterObj,
    init: (args) => {
      // Casts: the adapter's method is replaced by name, which its declared type does not allow; the result is the same adapter.
      const adapter = init(args) as unknown as Record<string, unknown> & {
        connection?: { db?: { collection: (name: string) => ClaimStore } };
        find: (args: Record<string, unknown>) => Promise<{ docs: JobDoc[] }>;
      };
      const original = adapter.updateJobs as (this: unknown, options: UpdateJobsArgs) => Promise<JobDoc[] | null>;
      let swept = 0;
      adapter.updateJobs = async function (this: typeof adapter, options: UpdateJobsArgs) {
        const isClaim = options.id === undefined && options.where !== undefined && options.data?.processing === true;
        const store = adapter.connection?.db?.collection(JOB_CLAIMS_COLLECTION);
        if (!isClaim || !store) return original.call(this, options);
        const { docs } = await adapter.find({
          collection: "payload-jobs",
          where: options.where,
          sort: options.sort,
          limit: options.limit ?? 0,
          pagination: false,
          req: { transactionID: undefined },
        });
        const won = await claimJobs(store, docs);
        if (Date.now() - swept > KEEP_CLAIMS_MS / 24) {
          swept = Date.now();
          void store.deleteMany({ at: { $lt: new Date(swept - KEEP_CLAIMS_MS) } }).catch(() => {});
        }
        const updated: JobDoc[] = [];
        for (const job of won) {
          const [doc] = (await original.call(this, { ...options, id: job.id, where: undefined, limit: undefined, returning: true })) ?? [];
          if (doc) updated.push(doc);
        }
        return options.returning === false ? null : updated;
      };
      return adapter as never;
    },
  };
}
