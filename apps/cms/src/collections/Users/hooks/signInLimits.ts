import { APIError, type CollectionAfterLoginHook, type CollectionBeforeOperationHook, type PayloadRequest } from "payload";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { clientAddress } from "../../../lib/clientAddress";
import type { User } from "../../../payload-types";

// Payload's own lock (maxLoginAttempts) is per account: five tries by anyone locked the admin out,
// and its message told that the account exists. These limits count per client instead, so a stranger
// only locks themselves out. In memory: one CMS process today; rate-limiter-flexible's Mongo store
// is the drop-in when several run.

/** Failed sign-ins to one account from one client address before that pair waits. */
export const ATTEMPTS_PER_ACCOUNT_AND_CLIENT = 5;
/** Failed sign-ins from one client address, whatever the account, before it waits. */
export const ATTEMPTS_PER_CLIENT = 20;
const WINDOW_SECONDS = 15 * 60;

type SignInLimiters = { perAccountAndClient: RateLimiterMemory; perClient: RateLimiterMemory };
// Next bundles this module into each route (REST, GraphQL, admin pages) with its own module instance;
// the counts must be one per process, so they live on the global object, as Payload keeps its own.
const shared = globalThis as typeof globalThis & { cicaSignInLimiters?: SignInLimiters };
const { perAccountAndClient, perClient } = (shared.cicaSignInLimiters ??= {
  perAccountAndClient: new RateLimiterMemory({ points: ATTEMPTS_PER_ACCOUNT_AND_CLIENT, duration: WINDOW_SECONDS }),
  perClient: new RateLimiterMemory({ points: ATTEMPTS_PER_CLIENT, duration: WINDOW_SECONDS }),
});

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
  await Promise.all([perAccountAndClient.delete(accountAndClient), perClient.reward(client, 1)]);
  return user;
};
