// Static serving while the build service runs a heavy full build (issue 9 item 7: "serving never
// waits for building"). Starts the real service (startSiteService) on free ports on 127.0.0.1 with
// the real Eleventy build (@cica/site buildSite) of a generated snapshot, serves a small first build,
// then loads the static server at a fixed rate with autocannon from a child process (load.ts) — once while nothing builds, once
// during a forced full build of --events × 3 locales (default 5,000 events: 15,000 event pages) —
// and prints p50 / p99 / max latency and requests/s of each phase. Goal: p99 ≤ 50 ms during the build.
//
//   node --import tsx bench/serving-during-build/run.ts [--events 5000] [--rate 200] [--connections 8] [--baseline 10]
//
// Traffic goes to 127.0.0.1 only. The load stops by itself: after --baseline seconds, and when the
// build has finished (or after 15 minutes at most).

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fork } from "node:child_process";
import type autocannon from "autocannon";
import { startSiteService, type BuildFunction } from "@cica/builder";
import { signedJsonPost } from "@cica/schema/signature";
import { loadAverage } from "../lib/stats.ts";
import { sleep } from "../lib/wait.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "5000" },
    rate: { type: "string", default: "200" },
    connections: { type: "string", default: "8" },
    baseline: { type: "string", default: "10" },
  },
});
const eventCount = Number(values.events);
const rate = Number(values.rate);
const connections = Number(values.connections);
const baselineSeconds = Number(values.baseline);
const LONGEST_LOAD_SECONDS = 15 * 60;
const secret = "bench-secret-serving-during-build-0123456789";

const { buildSite } = await import("@cica/site");
const { generatedSnapshot, MEDIA_DIR: mediaDir } = await import("@cica/site/testing");
const now = new Date();
const small = generatedSnapshot(30, now);
const large = generatedSnapshot(eventCount, now);

// The first (boot) build is small, so there is a site to load before the measured build starts;
// every later build is the large one, built in full (no previous folder: nothing to carry over).
let builds = 0;
const build: BuildFunction = async ({ outputDir }) => {
  const snapshot = builds++ === 0 ? small : large;
  const result = await buildSite({ snapshot, mediaDir, outputDir, siteUrl: "http://localhost:8080", now });
  return { pagesWritten: result.pagesWritten, errors: result.errors.map(String), mode: result.mode, reason: result.reason };
};

const root = await mkdtemp(join(tmpdir(), "cica-bench-serving-"));
const service = await startSiteService({
  dataDir: join(root, "data"),
  secret,
  builderPort: 0,
  sitePort: 0,
  host: "127.0.0.1",
  build,
  preview: false,
  log: () => {},
});
await service.builder.idle();
const first = await service.builder.liveRecord();
if (first?.status !== "success") throw new Error(`the first build failed: ${first?.errors.join("; ")}`);

const siteUrl = `http://127.0.0.1:${service.sitePort}`;
const eventSlug = small.events[1]?.slug;
const requests = [
  { path: "/en/" },
  { path: "/ru/" },
  { path: "/zh/events/" },
  { path: `/en/events/${eventSlug}/` },
  { path: "/en/feed.xml" },
];
for (const { path } of requests) {
  const answer = await fetch(`${siteUrl}${path}`);
  if (answer.status !== 200) throw new Error(`${path} answers ${answer.status}, not 200: the bench would measure error pages`);
}

type Phase = { label: string; result: autocannon.Result };

const loadScript = new URL("./load.ts", import.meta.url);
/**
 * Loads the static server at `rate` requests/s from the moment the load generator runs until what
 * `phase()` starts has finished (or the time cap). The load comes from a child process (load.ts):
 * this process's main thread is the service's, and the build blocks it.
 */
function load(phase: () => Promise<unknown>, capSeconds: number): Promise<autocannon.Result> {
  const options = { url: siteUrl, connections, overallRate: rate, duration: capSeconds, requests, timeout: 30 };
  const child = fork(loadScript, [JSON.stringify(options)], { execArgv: ["--import", "tsx"] });
  return new Promise((resolve, reject) => {
    child.on("message", (message: "started" | { result?: autocannon.Result; error?: string }) => {
      if (message === "started") void phase().then(() => child.send("stop"));
      else if (message.result) resolve(message.result);
      else reject(new Error(message.error ?? "no result"));
    });
    child.once("exit", (code) => reject(new Error(`the load generator exited with code ${code} without a result`)));
  });
}

const phases: Phase[] = [];
phases.push({ label: "no build running", result: await load(() => sleep(baselineSeconds * 1000), baselineSeconds + 60) });

/** Forces a full build through the service's signed endpoint, as an operator would; resolves when it has finished. */
async function fullBuild(): Promise<void> {
  const built = new Promise<void>((resolve) => service.builder.once("build", () => resolve()));
  const response = await signedJsonPost(
    `${service.builderUrl}/rebuild`,
    { force: true, reason: "bench: serving during a full build" },
    secret,
  );
  if (response.status !== 202 && response.status !== 200) throw new Error(`rebuild refused: ${response.status} ${await response.text()}`);
  await built;
}
phases.push({ label: `during a full build of ${eventCount} events × 3 locales`, result: await load(fullBuild, LONGEST_LOAD_SECONDS) });
const record = (await service.builder.status()).builds[0];

console.log(`serving-during-build: ${rate} requests/s from ${connections} connections to the static server, node ${process.version}`);
console.log(
  `  the measured build: ${record?.status}, ${record?.htmlPages ?? "?"} HTML pages, ${((record?.durationMs ?? NaN) / 1000).toFixed(1)} s${record?.errors.length ? ` — ${record.errors[0]}` : ""}`,
);
console.log("  phase                                              requests  req/s     p50      p99      max  errors+timeouts  non-2xx/3xx");
for (const { label, result } of phases) {
  const ms = (value: number) => `${value.toFixed(0)} ms`.padStart(8);
  console.log(
    `  ${label.padEnd(48)} ${String(result.requests.total).padStart(9)} ${result.requests.average.toFixed(0).padStart(6)} ${ms(result.latency.p50)} ${ms(result.latency.p99)} ${ms(result.latency.max)} ${String(result.errors + result.timeouts).padStart(16)} ${String(result.non2xx).padStart(12)}`,
  );
}
console.log(`  goal: p99 ≤ 50 ms during the build; load average at the end: ${loadAverage()}`);
await service.stop();
await rm(root, { recursive: true, force: true });
