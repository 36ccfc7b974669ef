#!/usr/bin/env node
// `npm start`: the whole system on this machine — database, CMS, build service and static site — as
// one command, stopped together by Ctrl-C. A crashed CMS or build service is restarted with backoff
// while the rest keeps serving (scripts/supervise.ts); a refused configuration stops everything.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { databaseEnv, redact, repoRoot, startDatabase } from "@cica/local-db";
import cmsDevDefaults from "@cica/cms/dev-defaults" with { type: "json" };
import { exitIfRefused } from "@cica/cms/startup-config";
import { createSupervisor } from "./supervise.ts";

const dev = process.argv.includes("--dev");

// The CMS's dev-only defaults (first admin, secrets) have one source, imported above only to print
// them and to refuse them in production; the CMS applies them itself.
const cmsPort = process.env.CMS_PORT ?? "3000";
const sitePort = process.env.SITE_PORT ?? "8080";
const builderPort = process.env.BUILDER_PORT ?? "8090";
const defaults = {
  CMS_PORT: cmsPort,
  SITE_PORT: sitePort,
  BUILDER_PORT: builderPort,
  CMS_URL: `http://localhost:${cmsPort}`,
  SITE_URL: `http://localhost:${sitePort}`,
  BUILD_HOOK_URL: `http://localhost:${builderPort}/hooks/publish`,
  DATA_DIR: join(repoRoot, ".data"),
  NEXT_TELEMETRY_DISABLED: "1",
  TURBO_TELEMETRY_DISABLED: "1",
  // Shared by the CMS (signs notices, checks reports) and the site service; both default to this
  // same dev-only value, set here so that they agree whatever either default becomes.
  BUILD_HOOK_SECRET: cmsDevDefaults.buildHookSecret,
};
// The CMS's rules, checked before anything starts (the dev-only BUILD_HOOK_SECRET default aside, so
// that an unset secret is reported as unset). Production is NODE_ENV=production, whatever else is set.
{
  const { BUILD_HOOK_SECRET: _devDefault, ...addresses } = defaults;
  const { CICA_ALLOW_DEV_SECRET: _hatch, ...own } = process.env;
  exitIfRefused({ ...addresses, ...(process.env.NODE_ENV === "production" ? own : process.env) }, "npm start");
}
const env: NodeJS.ProcessEnv = { ...defaults, ...process.env };

const supervisor = createSupervisor();
let stopDatabase = async (): Promise<void> => {};
// Everything stops through here: Ctrl-C, or a child that refused its configuration.
void supervisor.stopped.then(async ({ code }) => {
  await stopDatabase().catch((error: unknown) => console.error(`database: ${error instanceof Error ? error.message : String(error)}`));
  process.exit(code);
});
function stopAll(code: number): void {
  console.log("\nStopping…");
  void supervisor.stop(code);
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

async function waitUntilAnswering(url: string, name: string, timeoutMs = 15 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !supervisor.stopping) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${name} did not answer at ${url}`);
}

/** Waits until a URL answers with anything but 5xx (the static server says 503 until the first build is live). */
async function waitUntilServing(url: string, name: string, timeoutMs = 5 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !supervisor.stopping) {
    try {
      if ((await fetch(url, { redirect: "manual" })).status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${name}: ${url} did not answer within ${timeoutMs / 1000} s`);
}

async function main(): Promise<void> {
  console.log("Building shared packages…");
  const build = spawnSync("npx", ["turbo", "run", "build", "--filter=@cica/schema", "--output-logs=errors-only"], {
    cwd: repoRoot,
    env,
    stdio: "inherit",
  });
  if (build.status !== 0) process.exit(build.status ?? 1);

  const db = await startDatabase({ dataDir: env.DATA_DIR });
  stopDatabase = db.stop;
  Object.assign(env, databaseEnv(db, process.env.DATABASE_NAME ?? "cica"));
  console.log(`Database: ${db.engine} at ${redact(env.DATABASE_URI ?? db.uri)}`);

  supervisor.start({
    name: "CMS",
    args: ["--import=tsx", fileURLToPath(import.meta.resolve("@cica/cms/start")), ...(dev ? ["--dev"] : [])],
    env,
  });
  await waitUntilAnswering(`${env.CMS_URL}/api/globals/site-settings`, "CMS");

  // The build service (TypeScript, run through the tsx loader). It accepts the dev-only secret only
  // when started by this local dev script on localhost addresses (apps/builder/src/config.ts).
  if (process.env.NODE_ENV !== "production") env.CICA_ALLOW_DEV_SECRET = "1";
  supervisor.start({ name: "build service", args: ["--import=tsx", fileURLToPath(import.meta.resolve("@cica/builder/main"))], env });
  await waitUntilAnswering(`http://localhost:${env.BUILDER_PORT}/status`, "build service");

  // First boot builds the site from the CMS; say when it is there rather than show a 503.
  await waitUntilServing(`${env.SITE_URL}/`, "first site build").catch((error: Error) =>
    console.error(`${error.message}; see the site service's log above.`),
  );

  const adminEmail = process.env.ADMIN_EMAIL ?? cmsDevDefaults.adminEmail;
  const signIn = process.env.ADMIN_PASSWORD
    ? `${adminEmail} / (ADMIN_PASSWORD from your environment)`
    : `${adminEmail} / ${cmsDevDefaults.adminPassword}   (dev-only default; set ADMIN_EMAIL / ADMIN_PASSWORD anywhere real)`;
  console.log(`
CICA Events is running.
  Public site:     ${env.SITE_URL}/
  CMS admin:       ${env.CMS_URL}/admin
  CMS REST API:    ${env.CMS_URL}/api
  Build status:    http://localhost:${env.BUILDER_PORT}/status
  Sign in (dev):   ${signIn}
Press Ctrl-C to stop everything.`);
}

main().catch((error: Error) => {
  // A wait that ended because everything is stopping (a refused configuration) has said why already.
  if (supervisor.stopping) return;
  console.error(`npm start: ${error.message}`);
  stopAll(1);
});
