#!/usr/bin/env node
// `npm start`: the whole system on this machine — database, CMS, build service
// and static site — as one command, stopped together by Ctrl-C.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { databaseEnv, redact, repoRoot, startDatabase } from "@cica/local-db";

const dev = process.argv.includes("--dev");

// Dev-only defaults: every one of these must be set for real in production.
const DEV_ONLY = {
  PAYLOAD_SECRET: "dev-only-payload-secret-change-me",
  BUILD_HOOK_SECRET: "dev-only-build-hook-secret-change-me",
  ADMIN_EMAIL: "admin@cica.local",
  ADMIN_PASSWORD: "dev-only-password",
};
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
  ...DEV_ONLY,
};
if (process.env.NODE_ENV === "production") {
  const missing = Object.keys(DEV_ONLY).filter((name) => !process.env[name]);
  if (missing.length) {
    console.error(`Refusing to start in production with dev-only defaults. Set: ${missing.join(", ")}`);
    process.exit(1);
  }
}
const env = { ...defaults, ...process.env };

/** @type {Array<{ name: string, stop: () => Promise<void> }>} */
const running = [];
let stopping = false;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping…");
  for (const service of running.reverse()) {
    await service.stop().catch((error) => console.error(`${service.name}: ${error.message}`));
  }
  process.exit(code);
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

/** @param {string} name @param {string} script @param {string[]} args */
function startChild(name, script, args = []) {
  const child = spawn(process.execPath, [script, ...args], { env, stdio: "inherit" });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`${name} stopped unexpectedly (${signal ?? `exit ${code}`}); stopping everything.`);
      stopAll(1);
    }
  });
  running.push({
    name,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  });
  return child;
}

/** @param {string} url @param {string} name */
async function waitUntilAnswering(url, name, timeoutMs = 15 * 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
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

console.log("Building shared packages…");
const build = spawnSync("npx", ["turbo", "run", "build", "--filter=@cica/schema", "--output-logs=errors-only"], {
  cwd: repoRoot,
  env,
  stdio: "inherit",
});
if (build.status !== 0) process.exit(build.status ?? 1);

const db = await startDatabase({ dataDir: env.DATA_DIR });
running.push({ name: "database", stop: db.stop });
Object.assign(env, databaseEnv(db, process.env.DATABASE_NAME ?? "cica"));
console.log(`Database: ${db.engine} at ${redact(env.DATABASE_URI)}`);

startChild("CMS", join(repoRoot, "apps/cms/scripts/start.mjs"), dev ? ["--dev"] : []);
await waitUntilAnswering(`${env.CMS_URL}/api/globals/site-settings`, "CMS");

const siteService = join(repoRoot, "apps/site/service/main.mjs");
if (existsSync(siteService)) {
  startChild("site service", siteService);
  await waitUntilAnswering(`http://localhost:${env.BUILDER_PORT}/status`, "build service");
}

console.log(`
CICA Events is running.
  Public site:     ${env.SITE_URL}/
  CMS admin:       ${env.CMS_URL}/admin
  CMS REST API:    ${env.CMS_URL}/api
  Build status:    http://localhost:${env.BUILDER_PORT}/status
  Sign in (dev):   ${env.ADMIN_EMAIL} / ${env.ADMIN_PASSWORD}${env.ADMIN_PASSWORD === DEV_ONLY.ADMIN_PASSWORD ? "   (dev-only default)" : ""}
Press Ctrl-C to stop everything.`);
