import { ValidationError, type CollectionBeforeOperationHook } from "payload";
import { MIN_PASSWORD_LENGTH } from "../../../lib/startupConfig";

/**
 * Every way a password is set — create (first-register and the seed included), update, reset —
 * passes here before Payload hashes it; Payload's own rule is only three characters.
 */
export const passwordPolicy: CollectionBeforeOperationHook<"users"> = ({ args, operation }) => {
  if (operation !== "create" && operation !== "update" && operation !== "resetPassword") return args;
  const password: unknown = "data" in args ? args.data?.password : undefined;
  // Code points, not UTF-16 units: a Chinese or emoji password counts what the user typed.
  if (typeof password === "string" && [...password].length < MIN_PASSWORD_LENGTH) {
    throw new ValidationError({
      collection: "users",
      errors: [{ path: "password", message: `password: at least ${MIN_PASSWORD_LENGTH} characters` }],
    });
  }
  return args;
};
