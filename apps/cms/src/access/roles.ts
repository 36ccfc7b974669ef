import type { PayloadRequest } from "payload";
import type { User } from "../payload-types";

export const roles = ["admin", "editor", "translator"] as const;
export type Role = (typeof roles)[number];

/**
 * The signed-in staff account, if any. Payload's MCP plugin would sign API keys in as another
 * collection, which the generated types do not know (hence String()); those are not staff.
 */
export function userOf(req: Pick<PayloadRequest, "user">): User | null {
  const user = req.user;
  return user && String(user.collection) !== "payload-mcp-api-keys" ? user : null;
}

export function hasRole(req: Pick<PayloadRequest, "user">, ...wanted: Role[]): boolean {
  const role = userOf(req)?.role;
  return Boolean(role && wanted.includes(role));
}

export const isTranslator = (req: Pick<PayloadRequest, "user">) => hasRole(req, "translator");
