#!/usr/bin/env node
// Starts the CMS for `npm start` (the root script runs the database first and
// passes databaseEnv(...) in the environment): builds the Next app for
// production only when its sources changed, then serves it on CMS_PORT and
// seeds an empty database on the first start.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import devDefaults from "../src/lib/devDefaults.json" with { type: "json" };
import { exitIfRefused, type Env } from "../src/lib/startupConfig.ts";

export const cmsDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(cmsDir, "../..");
const require = createRequire(import.meta.url);
const nextBin = require.resolve("next/dist/bin/next");
/** Beside .next, not inside: `next build` empties .next before it starts. */
export const hashFile = join(cmsDir, ".next-source-hash");

/** DEV-ONLY secret for a local `npm start`; refused when NODE_ENV=production. */
const DEV_ONLY_SECRET = devDefaults.payloadSecret;

function* filesUnder(path: string): Generator<string> {
  if (!existsSync(path)) return;
  if (statSync(path).isFile()) return yield path;
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    yield* filesUnder(join(path, entry.name));
  }
}

/** Everything that changes the built app: its sources, the workspace packages it bundles, the framework versions. */
export function sourceHash(): string {
  const hash = createHash("sha256");
  const inputs = [
    join(cmsDir, "src"),
    join(cmsDir, "next.config.ts"),
    join(cmsDir, "tsconfig.json"),
    join(cmsDir, "package.json"),
    join(repoRoot, "tsconfig.base.json"),
    join(repoRoot, "packages/schema/dist"),
    join(repoRoot, "packages/schema/package.json"),
    // The seed's sample content, bundled from source.
    join(repoRoot, "packages/fixtures/src"),
    join(repoRoot, "packages/fixtures/package.json"),
  ];
  for (const input of inputs) {
    for (const file of filesUnder(input)) {
      hash.update(relative(repoRoot, file)).update("\0").update(readFileSync(file)).update("\0");
    }
  }
  // Framework versions are pinned exactly in package.json, which is hashed above.
  return hash.digest("hex");
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd: cmsDir, env, stdio: "inherit" });
    child.on("exit", (code, signal) => (code === 0 ? resolveRun() : reject(new Error(`${args.join(" ")} failed (${signal ?? code})`))));
  });
}

/** Builds unless .next was built from exactly these sources. Returns whether it built. */
export async function ensureBuild({
  env = process.env,
  log = console.log,
}: { env?: Env; log?: (line: string) => void } = {}): Promise<boolean> {
  const wanted = sourceHash();
  const built = existsSync(join(cmsDir, ".next/BUILD_ID")) && existsSync(hashFile) && readFileSync(hashFile, "utf8").trim() === wanted;
  if (built) return false;
  log("CMS: sources changed since the last build; building the admin for production (next build)…");
  const started = Date.now();
  await run(process.execPath, [nextBin, "build"], { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });
  writeFileSync(hashFile, `${wanted}\n`);
  log(`CMS: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

/** Waits until the CMS answers; the first request also initialises Payload (and seeds). */
export async function waitForCms(url: string, child?: ChildProcess, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`the CMS exited (${child.exitCode}) before it answered`);
    try {
      const res = await fetch(`${url}/api/globals/site-settings?depth=0`);
      if (res.ok) return;
      lastError = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the CMS did not answer within ${timeoutMs / 1000} s (${lastError})`);
}

/** Starts `next start` with the given environment. */
export function serve({ port, env }: { port: number; env: Env }): ChildProcess {
  return spawn(process.execPath, [nextBin, "start", "--port", String(port), "--hostname", "0.0.0.0"], {
    cwd: cmsDir,
    env: { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

async function databaseFromLauncher(env: Env, log: (line: string) => void): Promise<{ env: Env; stop: () => Promise<void> }> {
  // Run directly (not from the root `npm start`): bring up the local database here.
  const { startDatabase, databaseEnv, probeCapabilities } = await import("@cica/local-db");
  if (!env.DATABASE_URI) {
    const db = await startDatabase({ log });
    log(`CMS: database ${db.engine} at ${db.uri}`);
    return { env: databaseEnv(db, "cica"), stop: db.stop };
  }
  if (env.DATABASE_TRANSACTIONS === undefined || env.DATABASE_LOOKUP === undefined) {
    const caps = await probeCapabilities(env.DATABASE_URI);
    return { env: { DATABASE_TRANSACTIONS: String(caps.transactions), DATABASE_LOOKUP: String(caps.lookup) }, stop: async () => {} };
  }
  return { env: {}, stop: async () => {} };
}

async function main(): Promise<void> {
  const started = Date.now();
  const log = (line: string) => console.log(line);
  if (process.argv.includes("--build-only")) {
    // `npm run build` (turbo): the same hash check, so `npm start` afterwards reuses it.
    const built = await ensureBuild({ log });
    if (!built) log("CMS: build is up to date with its sources.");
    return;
  }
  const production = process.env.NODE_ENV === "production";
  const port = Number(process.env.CMS_PORT ?? 3000);
  const cmsUrl = process.env.CMS_URL ?? `http://localhost:${port}`;
  // `next start` always runs with NODE_ENV=production; CICA_ALLOW_DEV_SECRET tells the CMS that this
  // is a local-dev start. Production is any other start, so an inherited escape hatch is dropped.
  const { CICA_ALLOW_DEV_SECRET: _inherited, ...inherited } = process.env;
  const startEnv = { ...inherited, CMS_URL: cmsUrl, ...(production ? {} : { CICA_ALLOW_DEV_SECRET: "1" }) };
  // Before the database, the build and `next start`: a refused configuration never listens.
  exitIfRefused(startEnv, "CMS");
  const db = await databaseFromLauncher(process.env, log);
  const env = {
    ...startEnv,
    ...db.env,
    PAYLOAD_SECRET: process.env.PAYLOAD_SECRET ?? DEV_ONLY_SECRET,
    CMS_SEED_ON_EMPTY: process.env.CMS_SEED_ON_EMPTY ?? "true",
  };
  if (!process.env.PAYLOAD_SECRET) log("CMS: PAYLOAD_SECRET not set — using the DEV-ONLY secret (never do this on a server).");

  const built = await ensureBuild({ env, log });
  const child = serve({ port, env });
  const stop = async () => {
    child.kill("SIGTERM");
    await db.stop();
  };
  process.on("SIGINT", () => void stop().then(() => process.exit(130)));
  process.on("SIGTERM", () => void stop().then(() => process.exit(143)));
  child.on("exit", (code) => {
    // Kept for the catch below too: a CMS that refused its configuration (78) must not look like a crash.
    process.exitCode = code ?? 1;
    void db.stop().then(() => process.exit(code ?? 1));
  });

  await waitForCms(`http://127.0.0.1:${port}`, child);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`CMS ready in ${seconds} s (${built ? "cold: built first" : "warm: build reused"}).`);
  log(`  Admin: ${cmsUrl}/admin`);
  log(`  REST:  ${cmsUrl}/api   GraphQL: ${cmsUrl}/api/graphql`);
  // The zone picker's names and the offsets' tz data, so a mismatch after an upgrade is visible (issue 10).
  const zones = (await import("@cica/schema")).zoneDataVersions();
  log(
    `  Time zones: ${zones.zones} canonical zones from ${zones.zoneList}; offsets from tz ${zones.intlTz} (ICU ${zones.icu}); city names from ${zones.cityNames}.`,
  );
  if (!process.env.ADMIN_PASSWORD) {
    log(
      `  Sign in with the DEV-ONLY admin ${process.env.ADMIN_EMAIL ?? devDefaults.adminEmail} / ${devDefaults.adminPassword} (set ADMIN_EMAIL / ADMIN_PASSWORD anywhere real).`,
    );
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`CMS: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(process.exitCode || 1);
  });
}
