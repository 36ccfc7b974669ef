// Sign-in timing: a real account with a wrong password against an unknown e-mail (issue 8, item 5).
// Both must cost the same password-hashing work; the goal is medians within 50 ms of each other.
// Usage: node --import tsx bench/login/run.ts [--requests 15]
// Starts its own database and CMS (`next start`, built first if its sources changed) on free ports.
import { BENCH_ADMIN, benchCms } from "../lib/cms.ts";
import { median } from "../lib/stats.ts";

const args = process.argv.slice(2);
const requests = Number(args[args.indexOf("--requests") + 1]) || 15;

// Each attempt comes "through the proxy" from its own address, so the sign-in limits never answer
// instead of the password check.
const cms = await benchCms({ name: "login", env: { TRUSTED_PROXY: "127.0.0.1" } });
try {
  await cms.build();
  await cms.start();
  let client = 0;
  async function attempt(email: string) {
    client++;
    const t0 = performance.now();
    const res = await fetch(`${cms.url}/api/users/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": `10.0.${client >> 8}.${client & 255}` },
      body: JSON.stringify({ email, password: "not-the-password-1" }),
    });
    await res.text();
    if (res.status !== 401) throw new Error(`expected 401, got ${res.status}`);
    return performance.now() - t0;
  }
  // Warm up both paths once (first request initialises Payload).
  await attempt(BENCH_ADMIN.email);
  await attempt("nobody@cica.local");
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < requests; i++) {
    known.push(await attempt(BENCH_ADMIN.email));
    unknown.push(await attempt(`nobody${i}@cica.local`));
  }
  const k = median(known);
  const u = median(unknown);
  console.log(`sign-in, ${requests} attempts each (median):`);
  console.log(`  real account, wrong password: ${k.toFixed(0)} ms`);
  console.log(`  unknown e-mail:               ${u.toFixed(0)} ms`);
  console.log(`  difference:                   ${Math.abs(k - u).toFixed(0)} ms (goal: under 50 ms)`);
} finally {
  await cms.close();
}
