import { pbkdf2, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import type { CollectionBeforeOperationHook } from "payload";

// Payload's current password hash (payload/dist/auth/strategies/local/generatePasswordSaltHash.js):
// PBKDF2-SHA256, 600,000 iterations, 32-byte key. Payload does not export it, so it is mirrored here.
const ITERATIONS = 600_000;
const KEY_LENGTH = 32;
const pbkdf2Async = promisify(pbkdf2);
const randomBytesAsync = promisify(randomBytes);

/**
 * Payload answers an unknown e-mail at once but hashes the password for a real account, so the time
 * to answer told which accounts exist. An unknown e-mail now costs the same hashing work; the answer
 * (401, "The email or password provided is incorrect.") was already the same.
 */
export const equalSignInWork: CollectionBeforeOperationHook<"users"> = async ({ args, operation, req }) => {
  if (operation !== "login") return args;
  const { email, password }: { email?: unknown; password?: unknown } = ("data" in args ? args.data : undefined) ?? {};
  if (typeof email !== "string" || typeof password !== "string") return args;
  const account = await req.payload.db.findOne({
    collection: "users",
    req,
    where: { email: { equals: email.toLowerCase().trim() } },
  });
  if (!account) await pbkdf2Async(password, (await randomBytesAsync(32)).toString("hex"), ITERATIONS, KEY_LENGTH, "sha256");
  return args;
};
