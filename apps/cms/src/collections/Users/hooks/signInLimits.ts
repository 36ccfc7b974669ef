import { APIError, type CollectionAfterLoginHook, type CollectionBeforeOperationHook, type Payload, type PayloadRequest } from "payload";
import { RateLimiterMongo, RateLimiterRes } from "rate-limiter-flexible";
import { clientAddress } from "../../../lib/clientAddress";
import type { User } from "../../../payload-types";

// Payload's own lock (maxLoginAttempts) is per account: five tries by anyone locked the admin out,
// and its message told that the account exists. These limits count per client instead, so a stranger
// only locks themselves out. The counts are kept in the database (rate-limiter-flexible's Mongo
// store), so a limit reached through one CMS instance holds on every other behind the same address.

/** Failed sign-ins to one account from one client address before that pair waits. */
export const ATTEMPTS_PER_ACCOUNT_AND_CLIENT = 5;
/** Failed sign-ins from one client address, whatever the account, before it waits. */
export const ATTEMPTS_PER_CLIENT = 20;
const WINDOW_SECONDS = 15 * 60;
/** The counts' collection, beside Payload's own (not a Payload collection: nobody edits it). */
export const SIGN_IN_LIMITS_COLLECTION = "cica-sign-in-limits";

type SignInLimiters = { perAccountAndClient: RateLimiterMongo; perClient: RateLimiterMongo };
type NativeDb = { collection: (name: string) => { createIndex: (keys: object, options?: object) => Promise<unknown> } };

// Next bundles this module into each route (REST, GraphQL, admin pages) with its own module instance;
// one set of limiters per process is enough, so they live on the global object, as Payload keeps its own.
const shared = globalThis as typeof globalThis & { cicaSignInLimiters?: SignInLimiters };

function limiters(payload: Payload): SignInLimiters {
  if (shared.cicaSignInLimiters) return shared.cicaSignInLimiters;
  // Cast: the MongoDB adapter's mongoose connection; its `db` is the driver's database object.
  const db = (payload.db as unknown as { connection: { db: NativeDb } }).connection.db;
  void ensureIndexes(db);
  const common = { storeClient: db, tableName: SIGN_IN_LIMITS_COLLECTION, duration: WINDOW_SECONDS, disableIndexesCreation: true };
  return (shared.cicaSignInLimiters = {
    perAccountAndClient: new RateLimiterMongo({ ...common, keyPrefix: "account-client", points: ATTEMPTS_PER_ACCOUNT_AND_CLIENT }),
    perClient: new RateLimiterMongo({ ...common, keyPrefix: "client", points: ATTEMPTS_PER_CLIENT }),
  });
}

/**
 * The store's own index creation stops at the first failure, and FerretDB 1.24 refuses TTL
 * indexes ("expireAfterSeconds is not implemented yet"): the unique key index is made on its own.
 * Without TTL, expired counts stay as rows, read as expired (the store compares `expire`).
 */
async function ensureIndexes(db: NativeDb): Promise<void> {
  const counts = db.collection(SIGN_IN_LIMITS_COLLECTION);
  await counts.createIndex({ key: 1 }, { unique: true }).catch(() => {});
  await counts.createIndex({ expire: -1 }, { expireAfterSeconds: 0 }).catch(() => {});
}

function keys(req: PayloadRequest, email: unknown) {
  const client = clientAddress(req.headers);
  const account = typeof email === "string" ? email.toLowerCase().trim() : "";
  return { client, accountAndClient: `${account}\n${client}` };
}

/** The same answer whether or not the account exists, so the limit tells nothing about it. */
function tooMany(msBeforeNext: number) {
  const minutes = Math.max(1, Math.ceil(msBeforeNext / 60_000));
  return new APIError(
    `Too many sign-in attempts from your address; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    429,
    null,
    true,
  );
}

/** Counts every REST/GraphQL sign-in attempt; a successful one is given back below. */
export const limitSignIns: CollectionBeforeOperationHook<"users"> = async ({ args, operation, req }) => {
  if (operation !== "login" || req.payloadAPI === "local") return args;
  const { client, accountAndClient } = keys(req, "data" in args ? args.data?.email : undefined);
  const { perClient, perAccountAndClient } = limiters(req.payload);
  try {
    await perClient.consume(client);
    await perAccountAndClient.consume(accountAndClient);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw tooMany(error.msBeforeNext);
    throw error;
  }
  return args;
};

/** A correct password clears that account's count for this client and gives back the attempt. */
export const forgiveSignIn: CollectionAfterLoginHook<User> = async ({ req, user }) => {
  if (req.payloadAPI === "local") return user;
  const { client, accountAndClient } = keys(req, user.email);
  const { perClient, perAccountAndClient } = limiters(req.payload);
  await Promise.all([perAccountAndClient.delete(accountAndClient), perClient.reward(client, 1)]);
  return user;
};
