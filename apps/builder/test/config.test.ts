import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { ConfigError, configFromEnv, DEV_BUILD_HOOK_SECRET, EX_CONFIG, MIN_SECRET_LENGTH } from "../src/config.js";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const STRONG = "s".repeat(MIN_SECRET_LENGTH);
const DEV_START = { CICA_ALLOW_DEV_SECRET: "1" };

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true }))));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Starts `node --import tsx src/main.ts` as a real process with only the given environment
 * (plus PATH), and resolves when it exits, or when it says it is running (then it is stopped).
 */
async function start(env: Record<string, string>) {
  const dataDir = await mkdtemp(join(tmpdir(), "cica-builder-config-"));
  folders.push(dataDir);
  const ports = { BUILDER_PORT: String(await freePort()), SITE_PORT: String(await freePort()) };
  const child = spawn(process.execPath, ["--import", "tsx", main], {
    env: { PATH: process.env.PATH, HOST: "127.0.0.1", DATA_DIR: dataDir, ...ports, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
    if (stdout.includes("Site service running")) child.kill("SIGTERM");
  });
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode)));
  return {
    code,
    stdout,
    stderr,
    ports: [Number(ports.BUILDER_PORT), Number(ports.SITE_PORT)],
    listened: stdout.includes("Site service running"),
  };
}

describe("a refused configuration stops the real process with exit code 78 before it listens", () => {
  test.each([
    [
      "the dev-only secret set explicitly in production",
      { NODE_ENV: "production", BUILD_HOOK_SECRET: DEV_BUILD_HOOK_SECRET },
      "BUILD_HOOK_SECRET",
    ],
    ["no secret in production", { NODE_ENV: "production" }, "BUILD_HOOK_SECRET"],
    ["no secret, started other than by the dev scripts", {}, "BUILD_HOOK_SECRET"],
    ["a secret shorter than 32 characters", { NODE_ENV: "production", BUILD_HOOK_SECRET: "short-secret" }, "BUILD_HOOK_SECRET"],
    [
      "a short previous secret during rotation",
      { NODE_ENV: "production", BUILD_HOOK_SECRET: STRONG, BUILD_HOOK_SECRET_PREVIOUS: "old" },
      "BUILD_HOOK_SECRET_PREVIOUS",
    ],
    ["the dev escape hatch on a public address", { ...DEV_START, SITE_URL: "https://events.example.org" }, "BUILD_HOOK_SECRET"],
    ["a port that is not a number", { NODE_ENV: "production", BUILD_HOOK_SECRET: STRONG, BUILDER_PORT: "eighty" }, "BUILDER_PORT"],
  ])("%s", async (_case, env, variable) => {
    const run = await start(env);
    expect(run.code).toBe(EX_CONFIG);
    expect(run.stderr).toContain(variable);
    expect(run.listened).toBe(false);
    for (const port of run.ports) expect(await answers(port)).toBe(false);
  });

  test("the local dev start on localhost runs on the dev-only secret", async () => {
    const run = await start({ ...DEV_START, SITE_URL: "http://localhost:8080" });
    expect(run.listened).toBe(true);
    expect(run.stdout).toContain("dev-only default");
  });
});

describe("configFromEnv", () => {
  test("in production any secret shorter than 32 characters is refused, naming the variable; any longer one is taken", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }).filter((s) => s.length > 0 && s !== DEV_BUILD_HOOK_SECRET),
        (secret) => {
          const read = () => configFromEnv({ NODE_ENV: "production", BUILD_HOOK_SECRET: secret });
          if (secret.length < MIN_SECRET_LENGTH) {
            expect(read).toThrow(ConfigError);
            expect(read).toThrow(/^BUILD_HOOK_SECRET: /);
          } else {
            expect(read()).toMatchObject({ secret, production: true, devSecret: false });
          }
        },
      ),
    );
  });

  test("a port is a whole number from 0 to 65535; anything else is refused naming the variable", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 65535 }).map(String), fc.string({ minLength: 1 })), (raw) => {
        const read = () => configFromEnv({ NODE_ENV: "production", BUILD_HOOK_SECRET: STRONG, SITE_PORT: raw });
        if (/^\d+$/.test(raw) && Number(raw) <= 65535) expect(read().sitePort).toBe(Number(raw));
        else expect(read).toThrow(/^SITE_PORT: /);
      }),
    );
  });

  // That it equals the CMS's dev default is checked on the CMS's side (apps/cms/test/failclosed.test.ts),
  // which depends on this workspace; a dependency back would make the two a cycle.
  test("a local start needs no configuration", () => {
    expect(configFromEnv({ ...DEV_START })).toMatchObject({ devSecret: true, production: false, builderPort: 8090, sitePort: 8080 });
  });
});
