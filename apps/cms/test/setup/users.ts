import type { Payload } from "payload";

export const password = "Test-only-passw0rd!";

/** One account per role, the translator for Russian only. */
export async function createStaff(payload: Payload) {
  const make = async (email: string, role: string, locales?: string[]) =>
    (await payload.create({ collection: "users", data: { email, password, role, locales } as never, overrideAccess: true })) as unknown as {
      id: string;
      email: string;
      role: string;
      locales?: string[];
      collection: "users";
    };
  const admin = await make("admin@test.local", "admin");
  const editor = await make("editor@test.local", "editor");
  const translator = await make("translator.ru@test.local", "translator", ["ru"]);
  return { admin, editor, translator };
}
