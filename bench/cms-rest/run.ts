// CMS start times and the REST latency of a locale=all list of 100 events.
// Usage: node --import tsx bench/cms-rest/run.ts [--rebuild] [--requests 30]
// Starts its own database (the launcher's engine) on a free port with a
// throw-away data folder, so it never touches a running `npm start`.
import { rmSync } from "node:fs";
import { hashFile } from "@cica/cms/start";
import { benchCms } from "../lib/cms.ts";
import { ms, percentile, seconds } from "../lib/stats.ts";

const args = process.argv.slice(2);
const requests = Number(args[args.indexOf("--requests") + 1]) || 30;
if (args.includes("--rebuild")) rmSync(hashFile, { force: true });

const cms = await benchCms({ name: "cms", env: { CMS_SEED_ON_EMPTY: "true" } });
const figures: [label: string, value: string][] = [];

try {
  let t = performance.now();
  if (await cms.build()) figures.push(["next build (sources changed)", seconds(performance.now() - t)]);

  async function start(label: string) {
    const t0 = performance.now();
    const child = await cms.start();
    figures.push([label, seconds(performance.now() - t0)]);
    return child;
  }

  await cms.stop(await start("cold start: empty database, first request, seeding"));
  const child = await start("warm start: seeded database, build reused");
  t = performance.now();
  const admin = await fetch(`${cms.url}/admin/login`);
  figures.push([`first admin page (/admin/login → ${admin.status})`, seconds(performance.now() - t)]);

  const login = await fetch(`${cms.url}/api/users/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: cms.env.ADMIN_EMAIL, password: cms.env.ADMIN_PASSWORD }),
  });
  // Payload's login answer; a missing token fails the first request below.
  const { token } = (await login.json()) as { token?: string };
  const auth = { Authorization: `JWT ${token}`, "content-type": "application/json" };
  const existing = ((await (await fetch(`${cms.url}/api/events?limit=0&depth=0`)).json()) as { totalDocs: number }).totalDocs;
  for (let i = existing; i < 100; i++) {
    const body = {
      title: `Benchmark seminar ${i}`,
      slug: `benchmark-seminar-${i}`,
      summary: "A seminar used to measure list latency.",
      status: "scheduled",
      startsAt: new Date(Date.UTC(2030, 0, 1 + i, 4)).toISOString(),
      startsAt_tz: "Asia/Almaty",
      attendance: "online",
      targetAudience: [{ text: "Diplomats;" }, { text: "Researchers." }],
      objectives: [{ text: "Measure." }],
      contacts: [{ name: "Bench", phones: ["+7 7172 61 64 90"], emails: ["bench@s-cica.org"] }],
      themes: ["economic"],
      _status: "published",
    };
    const res = await fetch(`${cms.url}/api/events?locale=en`, { method: "POST", headers: auth, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`creating event ${i}: ${res.status} ${await res.text()}`);
  }

  const path = "/api/events?locale=all&depth=0&where[_status][equals]=published&limit=100&page=1";
  const times: number[] = [];
  let size = 0;
  let count = 0;
  for (let i = 0; i < requests + 3; i++) {
    const t1 = performance.now();
    const res = await fetch(cms.url + path);
    const text = await res.text();
    const elapsed = performance.now() - t1;
    if (i >= 3) times.push(elapsed); // the first requests warm the route
    size = text.length;
    // Payload's list answer.
    count = (JSON.parse(text) as { docs: unknown[] }).docs.length;
  }
  figures.push([
    `GET ${path} (${count} events, ${(size / 1024).toFixed(0)} KiB)`,
    `median ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, min ${ms(Math.min(...times))} over ${requests} requests`,
  ]);
  await cms.stop(child);
} finally {
  await cms.close();
}

console.log(`CMS figures (database engine: ${cms.db.engine}, Node ${process.version})`);
for (const [label, value] of figures) console.log(`  ${label}: ${value}`);
