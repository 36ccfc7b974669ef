import type { Payload } from "payload";
import { sideEffectsOff } from "./context";

export type AdminAccount = { email: string; password: string };

/** Creates an admin account; the Users collection checks the password rules (400 naming the field). */
export async function createAdmin(payload: Payload, { email, password }: AdminAccount) {
  return payload.create({
    collection: "users",
    data: { email, password, role: "admin", name: "Administrator" },
    context: { ...sideEffectsOff },
    overrideAccess: true,
    depth: 0,
  });
}

/**
 * At start: the first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD when there is no account yet —
 * never from an anonymous request (production refuses Payload's first-register).
 */
export async function ensureFirstAdmin(payload: Payload, account: Partial<AdminAccount>): Promise<void> {
  const { totalDocs } = await payload.count({ collection: "users", overrideAccess: true });
  if (totalDocs > 0) return;
  if (account.email && account.password) {
    await createAdmin(payload, { email: account.email, password: account.password });
    payload.logger.info(`Created the first admin ${account.email} from ADMIN_EMAIL / ADMIN_PASSWORD.`);
  } else {
    payload.logger.warn("No accounts yet: set ADMIN_EMAIL and ADMIN_PASSWORD and restart, or run `npm run create-admin -w @cica/cms`.");
  }
}
