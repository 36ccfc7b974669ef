#!/usr/bin/env node
// Sign-in timing: a real account with a wrong password against an unknown e-mail (issue 8, item 5).
// Both must cost the same password-hashing work; the goal is medians within 50 ms of each other.
// Usage: node bench/login/run.mjs [--requests 15]
// Starts its own database and CMS (`next start`, built first if its sources changed) on free ports.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databaseEnv, freePort, startDatabase } from "@cica/local-db";
import { ensureBuild, serve, waitForCms } from "../../apps/cms/scripts/start.ts";

const args = process.argv.slice(2);
const requests = Number(args[args.indexOf("--requests") + 1]) || 15;
const admin = { email: "bench@cica.local", password: "Bench-only-passw0rd!" };

const dataDir = mkdtempSync(join(tmpdir(), "cica-bench-login-"));
const db = await startDatabase({ port: await freePort(), dataDir, log: () => {} });
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const env = {
  ...process.env,
  ...databaseEnv(db, "bench-login"),
  DATA_DIR: dataDir,
  CMS_URL: url,
  PAYLOAD_SECRET: "bench-only-payload-secret-0123456789abcdef",
  BUILD_HOOK_SECRET: "bench-only-build-hook-secret-0123456789abcdef",
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  // Each attempt comes "through the proxy" from its own address, so the sign-in limits never answer
  // instead of the password check.
  TRUSTED_PROXY: "127.0.0.1",
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

let child;
try {
  await ensureBuild({ env, log: () => {} });
  child = serve({ port, env });
  await waitForCms(url, child);
  let client = 0;
  async function attempt(email) {
    client++;
    const t0 = performance.now();
    const res = await fetch(`${url}/api/users/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": `10.0.${client >> 8}.${client & 255}` },
      body: JSON.stringify({ email, password: "not-the-password-1" }),
    });
    await res.text();
    if (res.status !== 401) throw new Error(`expected 401, got ${res.status}`);
    return performance.now() - t0;
  }
  // Warm up both paths once (first request initialises Payload).
  await attempt(admin.email);
  await attempt("nobody@cica.local");
  const known = [];
  const unknown = [];
  for (let i = 0; i < requests; i++) {
    known.push(await attempt(admin.email));
    unknown.push(await attempt(`nobody${i}@cica.local`));
  }
  const k = median(known);
  const u = median(unknown);
  console.log(`sign-in, ${requests} attempts each (median):`);
  console.log(`  real account, wrong password: ${k.toFixed(0)} ms`);
  console.log(`  unknown e-mail:               ${u.toFixed(0)} ms`);
  console.log(`  difference:                   ${Math.abs(k - u).toFixed(0)} ms (goal: under 50 ms)`);
} finally {
  child?.kill("SIGTERM");
  await db.stop();
}
