// Publish → served latency with a realistic site, on each database engine side by side: for each
// engine and size, seeds N events × 3 languages into a fresh database, starts the production CMS
// and the site service (@cica/builder's main, `node --import tsx apps/builder/src/main.ts`) on free
// ports, forces one full build, then publishes 20 title changes over REST one after another and
// polls the served English page until the new title appears. Prints, per engine and size: p50 / p95
// / max publish → served, the CMS's answer p50, the partial builds' p50, the full builds.
//
// Usage: node --import tsx bench/publish-to-live/run.ts [--events 1000,5000] [--publishes 20] [--gap 2500]
//        [--engines ferretdb,ferretdb-postgresql]
// Never touches a running `npm start`: own database port, own temp folders.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BuilderStatus } from "@cica/builder";
import { freePort } from "@cica/local-db";
import { signedGet, signedJsonPost } from "@cica/schema/signature";
import { BENCH_ADMIN, BENCH_BUILD_HOOK_SECRET as SECRET, benchCms } from "../lib/cms.ts";
import { enginesFrom, printSideBySide, type EngineColumn } from "../lib/engines.ts";
import { loadAverage, ms, percentile, seconds } from "../lib/stats.ts";
import { pageShows, sleep, waitFor } from "../lib/wait.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? (args[args.indexOf(name) + 1] ?? fallback) : fallback);
const sizes = option("--events", "1000").split(",").map(Number);
const publishes = Number(option("--publishes", "20"));
// Editors publish one event at a time; bursts are coalesced on purpose (the queue spaces
// build starts 2.5 s apart while notices keep coming), which the e2e burst test covers.
const gapMs = Number(option("--gap", "2500"));
const log = (line: string) => console.log(`[bench] ${line}`);

/** One engine at one size, from an empty database to the last publish; the figures by row label. Returns p95 publish → served. */
async function run(engine: string, events: number, figures: Map<string, string>): Promise<number> {
  const [builderPort, sitePort] = [await freePort(), await freePort()];
  const siteUrl = `http://127.0.0.1:${sitePort}`;
  const builderUrl = `http://127.0.0.1:${builderPort}`;
  const cms = await benchCms({ name: "p2l", engine, env: { SITE_URL: siteUrl, BUILD_HOOK_URL: `${builderUrl}/hooks/publish` } });
  try {
    log(`database: ${cms.db.engine}; building the CMS if its sources changed…`);
    await cms.build();

    let t = performance.now();
    cms.payloadRun(fileURLToPath(new URL("./seed.ts", import.meta.url)), {
      CMS_JOBS_AUTORUN: "false",
      BENCH_EVENTS: String(events),
      NODE_ENV: "development",
    });
    log(`seeded ${events} events × 3 languages in ${seconds(performance.now() - t)}`);

    await cms.start();

    t = performance.now();
    cms.track(
      spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.resolve("@cica/builder/main"))], {
        env: {
          ...cms.env,
          DATA_DIR: cms.folder("site"),
          BUILDER_PORT: String(builderPort),
          SITE_PORT: String(sitePort),
          HOST: "127.0.0.1",
        },
        stdio: ["ignore", "ignore", "inherit"],
      }),
    );
    // The service's signed /status answer (BuilderStatus).
    const status = async () => (await (await signedGet(`${builderUrl}/status`, SECRET)).json()) as BuilderStatus;
    await waitFor("the first build", async () => (await fetch(`${siteUrl}/en/`)).status === 200, 10 * 60_000, 100);
    const first = (await status()).builds.find((b) => b.status === "success");
    if (!first) throw new Error("the site is served but no build succeeded");
    log(
      `first boot: site served after ${seconds(performance.now() - t)} (the build itself: ${seconds(first.durationMs ?? NaN)}, ${first.pagesWritten} pages)`,
    );

    // A forced full rebuild, as after a deploy or `cli.ts rebuild --force`.
    const rebuildAt = Date.now();
    await signedJsonPost(`${builderUrl}/rebuild`, { force: true, reason: "bench: full build" }, SECRET);
    const full = await waitFor(
      "the full rebuild",
      async () => (await status()).builds.find((b) => Date.parse(b.startedAt) >= rebuildAt - 5 && b.status !== "running"),
      10 * 60_000,
      100,
    );
    log(`full rebuild (forced): ${seconds(full.durationMs ?? NaN)}, ${full.pagesWritten} pages, ${full.status}`);

    const login = await fetch(`${cms.url}/api/users/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(BENCH_ADMIN),
    });
    // Payload's login answer; a missing token fails the first request below.
    const { token } = (await login.json()) as { token?: string };
    const auth = { authorization: `JWT ${token}`, "content-type": "application/json" };
    const slugs = Array.from({ length: publishes }, (_, i) => `bench-event-${String(Math.floor(events / 2) + i).padStart(4, "0")}`);
    const found = await fetch(`${cms.url}/api/events?where[slug][in]=${slugs.join(",")}&limit=${publishes}&depth=0&locale=en`, {
      headers: auth,
    });
    // Payload's list answer, depth 0.
    const { docs } = (await found.json()) as { docs: { id: string; slug: string }[] };
    const bySlug = new Map(docs.map((d) => [d.slug, d.id]));

    const latencies: number[] = [];
    const answers: number[] = [];
    for (const [i, slug] of slugs.entries()) {
      const title = `CICA Bench Seminar ${slug} — revised ${Date.now()}`;
      const started = performance.now();
      const res = await fetch(`${cms.url}/api/events/${bySlug.get(slug)}?locale=en&depth=0`, {
        method: "PATCH",
        headers: auth,
        body: JSON.stringify({ title, _status: "published" }),
      });
      if (!res.ok) throw new Error(`publish ${slug}: HTTP ${res.status} ${await res.text()}`);
      const answered = performance.now() - started;
      answers.push(answered);
      await pageShows(`${siteUrl}/en/events/${slug}/`, title, 60_000, 25);
      const served = performance.now() - started;
      latencies.push(served);
      log(`${cms.db.engine}, ${events} events: publish ${i + 1}/${publishes}: CMS answered in ${ms(answered)}, served after ${ms(served)}`);
      await sleep(gapMs);
    }
    const builds = (await status()).builds.filter((b) => b.kind === "build" && b.status === "success").slice(0, publishes);
    const buildMs = builds.map((b) => b.durationMs ?? NaN);
    const p95 = percentile(latencies, 95);
    figures.set("publish → served p50 / p95 / max", `${ms(percentile(latencies, 50))} / ${ms(p95)} / ${ms(Math.max(...latencies))}`);
    figures.set("CMS answer to a publish p50 / max", `${ms(percentile(answers, 50))} / ${ms(Math.max(...answers))}`);
    figures.set("partial build p50 / max", `${ms(percentile(buildMs, 50))} / ${ms(Math.max(...buildMs))}`);
    figures.set("full build, first boot (incl. CMS fetch)", `${seconds(first.durationMs ?? NaN)} (${first.pagesWritten} pages)`);
    figures.set("full build, forced (incl. CMS fetch)", `${seconds(full.durationMs ?? NaN)} (${full.pagesWritten} pages, ${full.status})`);
    return p95;
  } finally {
    await cms.close();
  }
}

const tables = new Map<number, EngineColumn[]>(sizes.map((size) => [size, []]));
const p95s = new Map<string, number>();
for (const engine of enginesFrom(args)) {
  for (const events of sizes) {
    const column: EngineColumn = { engine, figures: new Map() };
    tables.get(events)!.push(column);
    try {
      p95s.set(`${engine} ${events}`, await run(engine, events, column.figures));
    } catch (error) {
      column.skipped = (error instanceof Error ? error.message : String(error)).split("\n")[0];
      log(`${engine}, ${events} events: ${column.skipped}`);
    }
  }
}
for (const [events, columns] of tables) {
  if (sizes.length > 1 && events !== sizes[0])
    for (const c of columns) {
      const ratio = (p95s.get(`${c.engine} ${events}`) ?? NaN) / (p95s.get(`${c.engine} ${sizes[0]}`) ?? NaN);
      if (Number.isFinite(ratio)) c.figures.set(`p95 / p95 at ${sizes[0]} events`, `${ratio.toFixed(2)}×`);
    }
  printSideBySide(
    `publish → served: ${publishes} publishes ${gapMs} ms apart, ${events} events × 3 languages (load average now ${loadAverage()})`,
    columns,
  );
}
console.log(
  "  targets on ferretdb-postgresql: 1,000 events p50 ≤ 1.0 s, p95 ≤ 1.5 s, CMS answer p50 ≤ 300 ms; 5,000 events p95 ≤ 2 s and ≤ 1.5× the 1,000 figure; full build ≤ 60 s",
);
