import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEV_BUILD_HOOK_SECRET } from "@cica/builder";
import { freePort } from "@cica/local-db";
import devDefaults from "../src/lib/devDefaults.json" with { type: "json" };
import cmsPackage from "../package.json" with { type: "json" };
import { EX_CONFIG, MIN_SECRET_LENGTH, mayUseDevDefaults, refusedConfig } from "../src/lib/startupConfig";
import { suiteEnv } from "./setup/payload";
import { ensureBuild, serve } from "../scripts/start";
import { login, startCms, type RunningCms } from "./setup/server";

// Issue 8, item 1: a refused production configuration exits with EX_CONFIG before anything answers,
// whether started by scripts/start.ts or by `next start` alone (src/instrumentation.ts), and no
// anonymous request ever creates the first admin in production.

const cmsDir = path.resolve(import.meta.dirname, "..");
const goodSecrets = {
  PAYLOAD_SECRET: "a-production-payload-secret-0123456789abcdef",
  BUILD_HOOK_SECRET: "a-production-build-hook-secret-0123456789abcdef",
};

type Outcome = { code: number | null; answered: number[]; output: string };

/** Runs a process until it exits, asking its port all along; `answered` lists every HTTP status it gave. */
async function runUntilExit(child: ChildProcess, port: number): Promise<Outcome> {
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const answered: number[] = [];
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    try {
      answered.push((await fetch(`http://127.0.0.1:${port}/api/users/init`, { signal: AbortSignal.timeout(60_000) })).status);
      // It answers: this configuration was not refused. Stop asking (each request would keep a
      // gracefully stopping server busy) and stop it, forcibly if it lingers.
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      break;
    } catch {
      // nothing listening (or not answering) yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { code: await exited, answered, output };
}

/** `node apps/cms/scripts/start.ts` with NODE_ENV=production, as a server would start it. */
async function startScript(env: Record<string, string | undefined>): Promise<Outcome> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(cmsDir, "scripts/start.ts")], {
    cwd: cmsDir,
    // An undefined value means "not set": spawn leaves it out.
    env: { ...process.env, ...suiteEnv("failclosed"), NODE_ENV: "production", CMS_PORT: String(port), CMS_URL: undefined, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return runUntilExit(child, port);
}

/** `next start` alone, without the start script: only the instrumentation hook stands in the way. */
async function nextStart(env: Record<string, string | undefined>): Promise<Outcome> {
  const port = await freePort();
  const child = serve({ port, env: { ...process.env, ...suiteEnv("failclosed"), CMS_URL: `http://127.0.0.1:${port}`, ...env } });
  return runUntilExit(child, port);
}

const refusedProductionConfigs: [string, Record<string, string | undefined>][] = [
  ["a short PAYLOAD_SECRET (the issue's `x`)", { ...goodSecrets, PAYLOAD_SECRET: "x", BUILD_HOOK_SECRET: devDefaults.buildHookSecret }],
  ["the dev-only BUILD_HOOK_SECRET", { ...goodSecrets, BUILD_HOOK_SECRET: devDefaults.buildHookSecret }],
  ["BUILD_HOOK_SECRET unset", { ...goodSecrets, BUILD_HOOK_SECRET: undefined }],
  ["BUILD_HOOK_SECRET under 32 characters", { ...goodSecrets, BUILD_HOOK_SECRET: "s".repeat(MIN_SECRET_LENGTH - 1) }],
  ["PAYLOAD_SECRET unset", { ...goodSecrets, PAYLOAD_SECRET: undefined }],
  ["the dev-only PAYLOAD_SECRET set explicitly", { ...goodSecrets, PAYLOAD_SECRET: devDefaults.payloadSecret }],
  [
    "the dev-only ADMIN_PASSWORD set explicitly",
    { ...goodSecrets, ADMIN_EMAIL: "root@example.org", ADMIN_PASSWORD: devDefaults.adminPassword },
  ],
  [
    "the dev escape hatch on a public CMS_URL",
    { PAYLOAD_SECRET: undefined, BUILD_HOOK_SECRET: undefined, CICA_ALLOW_DEV_SECRET: "1", CMS_URL: "https://cms.example.org" },
  ],
];

describe("scripts/start.ts in production", () => {
  it.each(refusedProductionConfigs)("refuses %s: exit 78, nothing answered, the reason printed", async (_name, env) => {
    const outcome = await startScript(env);
    expect(outcome.answered).toEqual([]);
    expect(outcome.code).toBe(EX_CONFIG);
    expect(outcome.output).toMatch(/refusing to start in production/);
  });
});

describe("`npm start` (scripts/start.ts at the root) in production", () => {
  it("refuses the issue's configuration before it starts anything: exit 78, nothing answered", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve(cmsDir, "../../scripts/start.ts")], {
      cwd: path.resolve(cmsDir, "../.."),
      env: {
        ...process.env,
        ...suiteEnv("failclosed"),
        NODE_ENV: "production",
        CMS_PORT: String(port),
        PAYLOAD_SECRET: "x",
        BUILD_HOOK_SECRET: devDefaults.buildHookSecret,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const outcome = await runUntilExit(child, port);
    expect(outcome.answered).toEqual([]);
    expect(outcome.code).toBe(EX_CONFIG);
    expect(outcome.output).toMatch(/PAYLOAD_SECRET has fewer than 32 characters; BUILD_HOOK_SECRET is a dev-only value/);
  });
});

describe("`next start` alone (the instrumentation hook)", () => {
  beforeAll(async () => {
    await ensureBuild({ env: { ...process.env, ...suiteEnv("failclosed-build") }, log: () => {} });
  });

  it.each([refusedProductionConfigs[0]!, refusedProductionConfigs[5]!, refusedProductionConfigs[7]!])(
    "refuses %s: exit 78 and nothing answered",
    async (_name, env) => {
      const outcome = await nextStart(env);
      expect(outcome.answered).toEqual([]);
      expect(outcome.code).toBe(EX_CONFIG);
    },
  );

  it("serves with the dev-only secrets only through the escape hatch on localhost", async () => {
    const outcome = await nextStart({
      PAYLOAD_SECRET: undefined,
      BUILD_HOOK_SECRET: undefined,
      CICA_ALLOW_DEV_SECRET: "1",
      SITE_URL: "http://localhost:8080",
    });
    expect(outcome.answered.length).toBeGreaterThan(0);
    expect(outcome.answered[0]).toBe(200);
  }, 180_000);
});

describe("the first admin in production", () => {
  let cms: RunningCms;
  const env = { ...suiteEnv("failclosed-admin"), ...goodSecrets, CMS_SEED_ON_EMPTY: "false" };

  beforeAll(async () => {
    cms = await startCms(env);
  });
  afterAll(async () => {
    await cms?.stop();
  });

  it("refuses anonymous first-register on an empty database, and creates no account", async () => {
    expect(((await (await fetch(`${cms.url}/api/users/init`)).json()) as { initialized: boolean }).initialized).toBe(false);
    const res = await fetch(`${cms.url}/api/users/first-register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "stranger@example.org", password: "a-long-enough-password" }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/create-admin/);
    expect(((await (await fetch(`${cms.url}/api/users/init`)).json()) as { initialized: boolean }).initialized).toBe(false);
  });

  it("`npm run create-admin` makes the first admin from ADMIN_EMAIL / ADMIN_PASSWORD, and refuses a short password", async () => {
    const run = (account: { ADMIN_EMAIL: string; ADMIN_PASSWORD: string }) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        // The documented script's own command line, run as npm runs it (npm itself is left out: the
        // outer `npm test` leaves npm settings in the environment that an inner npm misreads).
        const child = spawn("sh", ["-c", cmsPackage.scripts["create-admin"]], {
          cwd: cmsDir,
          // The operator's environment, not the test runner's: vitest's own variables (NODE_OPTIONS
          // among them) must not reach the command, which then exited 13 with its await unsettled.
          env: {
            PATH: `${path.resolve(cmsDir, "../../node_modules/.bin")}${path.delimiter}${process.env.PATH}`,
            HOME: process.env.HOME ?? "/",
            NODE_ENV: "test",
            ...env,
            ...account,
          },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (chunk) => (output += chunk));
        child.stderr.on("data", (chunk) => (output += chunk));
        // "close", not "exit": the output pipes may still hold the last lines when the process exits.
        child.once("close", (code) => resolve({ code, output }));
      });
    const short = await run({ ADMIN_EMAIL: "root@example.org", ADMIN_PASSWORD: "short-pass" });
    expect(short.code, short.output).toBe(1);
    expect(short.output).toMatch(/password: at least 12 characters/);
    const made = await run({ ADMIN_EMAIL: "root@example.org", ADMIN_PASSWORD: "a-long-enough-password" });
    expect(made.output).toMatch(/created the admin root@example.org/);
    expect(made.code, made.output).toBe(0);
    await login(cms.url, "root@example.org", "a-long-enough-password");
  }, 180_000);
});

describe("the rules (src/lib/startupConfig.ts)", () => {
  it("the build service's dev-only secret is this dev default, so a local `npm start` needs no configuration", () => {
    expect(DEV_BUILD_HOOK_SECRET).toBe(devDefaults.buildHookSecret);
  });

  const local = fc.constantFrom("http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:8080", undefined);
  const remote = fc.constantFrom("https://cms.example.org", "http://10.0.0.5:3000", "https://localhost.example.org");
  const secret = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(devDefaults.payloadSecret, devDefaults.buildHookSecret, devDefaults.adminPassword),
    fc.string({ maxLength: 50 }),
  );

  it("dev-only or short secrets run only on a local-dev start whose CMS_URL and SITE_URL are localhost", () => {
    fc.assert(
      fc.property(
        fc.record({
          NODE_ENV: fc.constantFrom("production", "development", undefined),
          CICA_ALLOW_DEV_SECRET: fc.constantFrom("1", undefined),
          CMS_URL: fc.oneof(local, remote),
          SITE_URL: fc.oneof(local, remote),
          PAYLOAD_SECRET: secret,
          BUILD_HOOK_SECRET: secret,
        }),
        (env) => {
          const weak = (value: string | undefined) =>
            value === undefined || value === "" || Object.values(devDefaults).includes(value) || [...value].length < MIN_SECRET_LENGTH;
          const problems = refusedConfig(env);
          if (!mayUseDevDefaults(env)) expect(problems.length > 0).toBe(weak(env.PAYLOAD_SECRET) || weak(env.BUILD_HOOK_SECRET));
          else expect(problems).toEqual([]);
          const publicAddress = [env.CMS_URL, env.SITE_URL].some(
            (url) => url !== undefined && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\]):/.test(url),
          );
          if (publicAddress || (env.NODE_ENV === "production" && env.CICA_ALLOW_DEV_SECRET !== "1"))
            expect(mayUseDevDefaults(env)).toBe(false);
        },
      ),
    );
  });
});
