// Fault drills against the real `npm start` (database, CMS and build service as real processes on
// free ports, with a fresh DATA_DIR): what an operator sees when a process dies or refuses to start.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "@cica/local-db";

const repoRoot = resolve(import.meta.dirname, "../..");

interface Stack {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  ports: { cms: number; site: number; builder: number };
  dataDir: string;
}

const stacks: Stack[] = [];

/** `npm start` as a user runs it (the root script's command), on its own ports and data folder. */
async function npmStart(extraEnv: Record<string, string | undefined> = {}): Promise<Stack> {
  const ports = { cms: await freePort(), site: await freePort(), builder: await freePort() };
  const dataDir = mkdtempSync(join(tmpdir(), "cica-drill-"));
  const { DATABASE_URI: _external, NODE_ENV: _vitest, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "scripts/start.ts")], {
    cwd: repoRoot,
    env: {
      ...inherited,
      NODE_OPTIONS: "--import tsx",
      CMS_PORT: String(ports.cms),
      SITE_PORT: String(ports.site),
      BUILDER_PORT: String(ports.builder),
      DB_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so that a failed test can still stop everything it started.
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolveExit) => child.once("exit", (code) => resolveExit(code)));
  const stack = { child, output: () => output, exited, ports, dataDir };
  stacks.push(stack);
  return stack;
}

afterAll(async () => {
  for (const stack of stacks) {
    if (stack.child.exitCode === null && stack.child.signalCode === null) {
      stack.child.kill("SIGTERM");
      const stopped = await Promise.race([stack.exited.then(() => true), waitFor(async () => false, 30_000).catch(() => false)]);
      if (!stopped && stack.child.pid) process.kill(-stack.child.pid, "SIGKILL");
    }
    rmSync(stack.dataDir, { recursive: true, force: true });
  }
});

/** The build service's process, found as an operator would (`ps`): by its script and its port. */
function buildServicePid(builderPort: number): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (!command.includes("apps/builder/src/main.ts")) continue;
      if (readFileSync(`/proc/${entry}/environ`, "utf8").split("\0").includes(`BUILDER_PORT=${builderPort}`)) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function status(url: string): Promise<number | undefined> {
  try {
    return (await fetch(url, { redirect: "manual" })).status;
  } catch {
    return undefined;
  }
}

/** Polls a real condition; the timeout only ends a test that would otherwise hang. */
async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 120_000, what = "the condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("`npm start` supervision (issue 9 item 6)", () => {
  it("the build service killed with -9 is restarted while the CMS keeps answering", async () => {
    const stack = await npmStart();
    const cms = `http://localhost:${stack.ports.cms}/api/globals/site-settings?depth=0`;
    const builder = `http://localhost:${stack.ports.builder}/status`;
    await waitFor(async () => stack.output().includes("CICA Events is running."), 600_000, "`npm start` being up");

    const killed = buildServicePid(stack.ports.builder);
    expect(killed).toBeDefined();
    process.kill(killed!, "SIGKILL");
    await waitFor(async () => !isAlive(killed!), 30_000, "the build service dying");

    expect(await status(cms)).toBe(200);
    const site = `http://localhost:${stack.ports.site}/en/`;
    // The restarted service answers /status first; its static server (a worker thread) follows a moment later.
    const restarted = await waitFor(
      async () => (await status(builder)) === 200 && (await status(site)) === 200 && buildServicePid(stack.ports.builder),
      120_000,
      "the build service and the site answering again",
    );
    expect(restarted).not.toBe(killed);
    expect(await status(cms)).toBe(200);
    expect(await status(site)).toBe(200);
    expect(stack.child.exitCode).toBeNull();
    expect(stack.output()).toMatch(/build service stopped unexpectedly \(SIGKILL\); restarting it in 1 s/);
  });

  it("a build service that refuses its configuration (exit 78) stops everything, with the reason", async () => {
    const sitePort = await freePort();
    // SITE_URL stays valid so that the CMS starts; the build service alone refuses its SITE_PORT.
    const stack = await npmStart({ SITE_PORT: "not-a-port", SITE_URL: `http://localhost:${sitePort}`, CMS_SEED_ON_EMPTY: "false" });
    const code = await stack.exited;
    expect(code).toBe(78);
    expect(stack.output()).toMatch(/SITE_PORT/);
    expect(stack.output()).toMatch(/build service refused its configuration \(exit 78[^\n]*not restarting it; stopping everything/);
    const cms = `http://localhost:${stack.ports.cms}/api/globals/site-settings?depth=0`;
    await waitFor(async () => (await status(cms)) === undefined, 30_000, "the CMS stopping");
  });
});
