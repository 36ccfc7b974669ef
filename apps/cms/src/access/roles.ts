import type { PayloadRequest } from "payload";
import type { LocaleCode } from "@cica/schema";

export const roles = ["admin", "editor", "translator"] as const;
export type Role = (typeof roles)[number];

export type CmsUser = { id: string; email: string; role?: Role | null; locales?: LocaleCode[] | null };

export function userOf(req: Pick<PayloadRequest, "user">): CmsUser | null {
  const user = req.user as unknown as (CmsUser & { collection?: string }) | null;
  return user && user.collection !== "payload-mcp-api-keys" ? user : null;
}

export function hasRole(req: Pick<PayloadRequest, "user">, ...wanted: Role[]): boolean {
  const role = userOf(req)?.role;
  return Boolean(role && wanted.includes(role));
}

export const isTranslator = (req: Pick<PayloadRequest, "user">) => hasRole(req, "translator");
