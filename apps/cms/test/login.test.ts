import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { suiteEnv } from "./setup/payload";
import { login, startCms, type RunningCms } from "./setup/server";
import { ATTEMPTS_PER_ACCOUNT_AND_CLIENT, ATTEMPTS_PER_CLIENT } from "../src/collections/Users/hooks/signInLimits";
import { MIN_PASSWORD_LENGTH } from "../src/lib/startupConfig";

// Issue 8, item 5: sign-in tells nothing about which accounts exist, a stranger cannot lock the admin
// out, every client address is limited, and passwords have at least 12 characters.

const admin = { email: "admin@login.test", password: "Test-only-Admin-2024!" };

type Answer = { status: number; body: unknown };

async function signIn(url: string, email: string, password: string, client?: string): Promise<Answer> {
  const res = await fetch(`${url}/api/users/login`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(client ? { "x-forwarded-for": client } : {}) },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, body: await res.json() };
}

describe("behind a trusted proxy (TRUSTED_PROXY=127.0.0.1)", () => {
  let cms: RunningCms;
  beforeAll(async () => {
    cms = await startCms({
      ...suiteEnv("login"),
      TRUSTED_PROXY: "127.0.0.1",
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      CMS_SEED_ON_EMPTY: "true",
    });
  });
  afterAll(async () => {
    await cms?.stop();
  });

  it("answers an unknown e-mail exactly as a real account with a wrong password, however often", async () => {
    for (let i = 0; i <= ATTEMPTS_PER_ACCOUNT_AND_CLIENT; i++) {
      const known = await signIn(cms.url, admin.email, "wrong-password-123", "203.0.113.10");
      const unknown = await signIn(cms.url, "nobody@login.test", "wrong-password-123", "203.0.113.10");
      expect(unknown).toEqual(known);
    }
  }, 120_000);

  it("a stranger's failed sign-ins do not lock the admin out from another address", async () => {
    for (let i = 0; i <= ATTEMPTS_PER_ACCOUNT_AND_CLIENT; i++) await signIn(cms.url, admin.email, "guessing-password", "203.0.113.20");
    const stranger = await signIn(cms.url, admin.email, admin.password, "203.0.113.20");
    expect(stranger.status).toBe(429);
    expect(JSON.stringify(stranger.body)).toMatch(/too many sign-in attempts/i);
    const realAdmin = await signIn(cms.url, admin.email, admin.password, "198.51.100.5");
    expect(realAdmin.status).toBe(200);
  }, 120_000);

  it("limits each client address across accounts", async () => {
    const answers: number[] = [];
    for (let i = 0; i <= ATTEMPTS_PER_CLIENT; i++)
      answers.push((await signIn(cms.url, `guess${i}@login.test`, "guessing-password", "203.0.113.30")).status);
    expect(answers.slice(0, ATTEMPTS_PER_CLIENT).every((status) => status === 401)).toBe(true);
    expect(answers.at(-1)).toBe(429);
    expect((await signIn(cms.url, admin.email, admin.password, "198.51.100.6")).status).toBe(200);
  }, 180_000);

  it(`refuses passwords under ${MIN_PASSWORD_LENGTH} characters on create and on change, naming the field`, async () => {
    const auth = await login(cms.url, admin.email, admin.password);
    const post = (path: string, method: string, json: unknown) =>
      fetch(`${cms.url}${path}`, {
        method,
        headers: { "content-type": "application/json", authorization: auth },
        body: JSON.stringify(json),
      });
    const short = "x".repeat(MIN_PASSWORD_LENGTH - 1);
    const created = await post("/api/users", "POST", { email: "short@login.test", password: short, role: "editor" });
    expect(created.status).toBe(400);
    expect(JSON.stringify(await created.json())).toMatch(/password: at least 12 characters/);
    const made = await post("/api/users", "POST", { email: "long@login.test", password: "y".repeat(MIN_PASSWORD_LENGTH), role: "editor" });
    expect(made.status).toBe(201);
    const { doc } = (await made.json()) as { doc: { id: string } };
    const changed = await post(`/api/users/${doc.id}`, "PATCH", { password: short });
    expect(changed.status).toBe(400);
    expect(JSON.stringify(await changed.json())).toMatch(/password: at least 12 characters/);
  });
});

describe("without a trusted proxy", () => {
  let cms: RunningCms;
  beforeAll(async () => {
    cms = await startCms({
      ...suiteEnv("login-direct"),
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      CMS_SEED_ON_EMPTY: "true",
    });
  });
  afterAll(async () => {
    await cms?.stop();
  });

  it("a client naming another address in X-Forwarded-For is still the same client", async () => {
    const answers: number[] = [];
    for (let i = 0; i <= ATTEMPTS_PER_ACCOUNT_AND_CLIENT; i++)
      answers.push((await signIn(cms.url, admin.email, "guessing-password", `192.0.2.${i + 1}`)).status);
    expect(answers.at(-1)).toBe(429);
  }, 120_000);
});
