import { mkdir, mkdtemp, readFile, readdir, readlink, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { events } from "./fixtures/json-site.js";
import {
  notice,
  postSigned,
  startTestService,
  testServiceOptions,
  status,
  text,
  waitFor,
  waitForIdleLive,
  type TestService,
} from "./helpers.js";

const started: TestService[] = [];
async function start(options?: Parameters<typeof startTestService>[0]) {
  const t = await startTestService(options);
  started.push(t);
  await waitForIdleLive(t.builder);
  return t;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.close()));
});

/** Waits until nothing runs or waits and the newest build has finished. */
function waitForQueueIdle(t: TestService) {
  return waitFor(async () => {
    const s = await status(t.builder);
    return !s.queue.running && !s.queue.waiting && s.builds[0]?.status !== "running";
  });
}

/** Sends a notice and waits until the build that includes it has finished. */
async function publishAndWait(t: TestService, body = notice()) {
  const result = await postSigned(t.builder, body);
  expect(result.status).toBe(202);
  return waitFor(
    async () => {
      const s = await status(t.builder);
      const record = s.builds.find((b) => b.kind === "build" && b.triggers.some((tr) => tr.id === body.id));
      return record && record.status !== "running" && !s.queue.running && !s.queue.waiting ? { status: s, record } : null;
    },
    { what: `the build for ${body.id}` },
  );
}

describe("building and going live", () => {
  test("the first boot builds the site; a notice rebuilds it and the new page is served", async () => {
    const t = await start();
    expect((await text(`${t.site}/en/events/event-1/`)).body).toContain("Event 1");
    await t.setContent({ events: events(10, "Renamed") });
    const { record } = await publishAndWait(t);
    expect(record.status).toBe("success");
    expect(record.htmlPages).toBe(36);
    expect(record.pagesWritten).toBe(36);
    expect(record.durationMs).toBeGreaterThanOrEqual(0);
    expect((await text(`${t.site}/ru/events/event-1/`)).body).toContain("Событие 1 (Renamed)");
    const live = await readlink(join(t.dataDir, "site", "live"));
    expect(live).toBe(join("builds", record.id));
  });

  test("20 notices in 5 s cause at most 3 builds, and the site ends up showing the last content", { timeout: 60_000 }, async () => {
    const t = await start({ delayMs: 150 });
    const before = t.builds.length;
    const ids: string[] = [];
    // On a fixed schedule (one every 250 ms from the start), so a slow machine cannot stretch the burst past 5 s.
    const t0 = Date.now();
    for (let i = 1; i <= 20; i++) {
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + (i - 1) * 250 - Date.now())));
      await t.setContent({ events: events(10, `Version ${i}`) });
      const body = notice({ id: `burst-${i}` });
      ids.push(body.id);
      expect((await postSigned(t.builder, body)).status).toBe(202);
    }
    await waitForQueueIdle(t);
    const burstBuilds = t.builds.slice(before);
    expect(burstBuilds.length).toBeGreaterThanOrEqual(1);
    expect(burstBuilds.length).toBeLessThanOrEqual(3);
    // Every notice is covered by some build: merged, none dropped.
    const covered = burstBuilds.flat().map((tr) => tr.id);
    expect(new Set(covered)).toEqual(new Set(ids));
    expect((await text(`${t.site}/zh/events/event-3/`)).body).toContain("活动 3（Version 20）");
    const s = await status(t.builder);
    expect(s.builds.filter((b) => b.triggers.some((tr) => tr.id.startsWith("burst-"))).length).toBe(burstBuilds.length);
  });

  test(
    "notices slower than the quiet period still coalesce: 10 notices 450 ms apart cause at most 3 builds",
    { timeout: 60_000 },
    async () => {
      // Through the real CMS each save takes a few hundred milliseconds, so a burst's notices
      // arrive further apart than the quiet period; build starts must still be spaced out.
      const t = await start({ delayMs: 150 });
      const before = t.builds.length;
      const t0 = Date.now();
      for (let i = 1; i <= 10; i++) {
        await new Promise((r) => setTimeout(r, Math.max(0, t0 + (i - 1) * 450 - Date.now())));
        await t.setContent({ events: events(10, `Slow ${i}`) });
        expect((await postSigned(t.builder, notice({ id: `slow-${i}` }))).status).toBe(202);
      }
      await waitForQueueIdle(t);
      const burstBuilds = t.builds.slice(before);
      expect(burstBuilds.length).toBeGreaterThanOrEqual(1);
      expect(burstBuilds.length).toBeLessThanOrEqual(3);
      expect((await text(`${t.site}/en/events/event-2/`)).body).toContain("Slow 10");
    },
  );

  test("a failing build leaves the previous site serving, and /status shows the failure with its error lines", async () => {
    const t = await start();
    const liveBefore = (await status(t.builder)).live?.id;
    await t.setContent({
      events: events(10, "Broken"),
      fail: ["events/abc · ru · title: Required", "events/def · zh · startDate: Invalid date"],
    });
    const { record, status: s } = await publishAndWait(t);
    expect(record.status).toBe("failed");
    expect(record.errors).toEqual(["events/abc · ru · title: Required", "events/def · zh · startDate: Invalid date"]);
    expect(record.finishedAt).toBeTruthy();
    expect(s.live?.id).toBe(liveBefore);
    expect((await text(`${t.site}/en/events/event-1/`)).body).toContain("Event 1");
    expect((await text(`${t.site}/en/events/event-1/`)).body).not.toContain("Broken");
    // The failed folder is not kept.
    expect(await readdir(join(t.dataDir, "site", "builds"))).not.toContain(record.id);
    expect(t.logs.some((l) => l.includes("FAILED") && l.includes("title: Required"))).toBe(true);
  });

  test("a build function that throws is recorded as failed with the message", async () => {
    const t = await start();
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(t.contentDir, "content.json"), "{ not json");
    const { record, status: s } = await publishAndWait(t);
    expect(record.status).toBe("failed");
    expect(record.errors[0]).toMatch(/^the build threw: .*JSON/);
    expect(s.live?.id).not.toBe(record.id);
    expect((await text(`${t.site}/en/`)).status).toBe(200);
  });
});

describe("the drop gate", () => {
  // Builds here follow each other, each waiting out the queue's least interval between starts.
  test(
    "refuses a build that loses most pages without deletions, and accepts it once deletions explain it",
    { timeout: 30_000 },
    async () => {
      const t = await start({ content: { events: events(10) } });
      const liveBefore = (await status(t.builder)).live?.id;
      await t.setContent({ events: events(2) });
      const refused = await publishAndWait(t, notice({ operation: "update" }));
      expect(refused.record.status).toBe("failed");
      expect(refused.record.errors[0]).toMatch(/drop gate: the build would remove 24 of 36 live pages/);
      expect(refused.status.live?.id).toBe(liveBefore);
      expect((await text(`${t.site}/en/events/event-9/`)).status).toBe(200);

      // The editor deleted events 3–10: eight notices, sent as the CMS would.
      for (let i = 3; i <= 10; i++)
        expect((await postSigned(t.builder, notice({ id: `event-${i}`, operation: "delete" }))).status).toBe(202);
      await waitFor(async () => (await text(`${t.site}/en/events/event-9/`)).status === 404, { what: "event 9 gone" });
      const s = await waitForIdleLive(t.builder);
      const sinceRefusal = s.builds.slice(
        0,
        s.builds.findIndex((b) => b.id === refused.record.id),
      );
      // Notices still waiting count as explanation too, so the burst causes no second refusal.
      expect(sinceRefusal.map((b) => b.status)).not.toContain("failed");
      expect(sinceRefusal.flatMap((b) => b.triggers.map((tr) => tr.id)).sort()).toEqual([
        "event-10",
        "event-3",
        "event-4",
        "event-5",
        "event-6",
        "event-7",
        "event-8",
        "event-9",
      ]);
      expect((await text(`${t.site}/en/events/event-2/`)).status).toBe(200);
    },
  );

  test("a forced rebuild skips the gate", async () => {
    const t = await start({ content: { events: events(10) } });
    await t.setContent({ events: events(1) });
    const result = await postSigned(t.builder, { force: true, reason: "site restructured" }, { path: "/rebuild" });
    expect(result.status).toBe(202);
    await waitFor(async () => (await text(`${t.site}/en/events/event-5/`)).status === 404, { what: "the forced build" });
  });

  test("a build that writes no HTML pages is refused", async () => {
    const t = await start({ content: { events: events(1) } });
    await t.setContent({ events: [], writeNothing: true });
    const { record, status: s } = await publishAndWait(t, notice({ operation: "delete" }));
    expect(record.status).toBe("failed");
    expect(record.errors).toEqual(["the build wrote no HTML pages"]);
    expect(s.live?.id).not.toBe(record.id);
    expect((await text(`${t.site}/en/events/event-1/`)).status).toBe(200);
  });
});

describe("retention and rollback", () => {
  test("keeps the five newest builds, and /rollback serves the previous one again", { timeout: 60_000 }, async () => {
    const t = await start({ content: { events: events(3, "Build 0") } });
    for (let i = 1; i <= 6; i++) {
      await t.setContent({ events: events(3, `Build ${i}`) });
      const { record } = await publishAndWait(t);
      expect(record.status).toBe("success");
    }
    const folders = (await readdir(join(t.dataDir, "site", "builds"))).sort();
    expect(folders).toHaveLength(5);
    const s = await status(t.builder);
    expect(s.retained).toEqual([...folders].reverse());
    expect(s.live?.id).toBe(folders.at(-1));
    expect((await text(`${t.site}/en/events/event-1/`)).body).toContain("Build 6");

    const rollback = await postSigned(t.builder, {}, { path: "/rollback" });
    expect(rollback.status).toBe(200);
    expect(rollback.body.live).toBe(folders.at(-2));
    expect((await text(`${t.site}/en/events/event-1/`)).body).toContain("Build 5");

    const to = await postSigned(t.builder, { to: folders[0] }, { path: "/rollback" });
    expect(to.status).toBe(200);
    expect((await text(`${t.site}/en/events/event-1/`)).body).toContain("Build 2");
    const after = await status(t.builder);
    expect(after.builds[0]).toMatchObject({ kind: "rollback", rolledBackTo: folders[0] });

    expect((await postSigned(t.builder, { to: "20000101T000000000Z-abcdef" }, { path: "/rollback" })).status).toBe(409);
    expect((await postSigned(t.builder, {}, { path: "/rollback", secret: "wrong" })).status).toBe(401);

    // The next publish prunes down to five again but never removes what is live.
    await t.setContent({ events: events(3, "Build 7") });
    await publishAndWait(t);
    expect(await readdir(join(t.dataDir, "site", "builds"))).toHaveLength(5);
  });

  test(
    "deleting old build folders never holds up the next build (they leave at once, and go from disk later)",
    { timeout: 60_000 },
    async () => {
      // A stand-in `rm` that deletes nothing until released: the deletion of an old folder is as slow as it can get.
      const bin = await mkdtemp(join(tmpdir(), "cica-slow-rm-"));
      const release = join(bin, "release");
      await writeFile(join(bin, "rm"), `#!/bin/sh\nwhile [ ! -e "${release}" ]; do sleep 0.05; done\nexec /bin/rm "$@"\n`, { mode: 0o755 });
      const path = process.env.PATH;
      process.env.PATH = `${bin}:${path}`;
      try {
        const t = await start({ content: { events: events(3, "Build 0") } });
        for (let i = 1; i <= 7; i++) {
          await t.setContent({ events: events(3, `Build ${i}`) });
          const { record } = await publishAndWait(t);
          expect(record.status).toBe("success");
        }
        expect((await text(`${t.site}/en/events/event-1/`)).body).toContain("Build 7");
        // Out of sight at once: five kept, none of the old ones offered for rollback.
        expect(await readdir(join(t.dataDir, "site", "builds"))).toHaveLength(5);
        expect((await status(t.builder)).retained).toHaveLength(5);
        const trash = join(t.dataDir, "site", "trash");
        expect((await readdir(trash)).length).toBeGreaterThan(0);
        await writeFile(release, "");
        await waitFor(async () => (await readdir(trash)).length === 0, { what: "the old folders to be deleted" });
      } finally {
        process.env.PATH = path;
        await writeFile(release, "").catch(() => {});
      }
    },
  );

  test("a restart clears what a crash left half-done and keeps serving the live build", async () => {
    const t = await start();
    const s = await status(t.builder);
    await t.service.stop();
    const site = join(t.dataDir, "site");
    await mkdir(join(site, "builds", "20990101T000000000Z-dead00"));
    await symlink("builds/20990101T000000000Z-dead00", join(site, "live.tmp-crashed"));
    const { startSiteService } = await import("../src/service.js");
    const { jsonSiteBuild } = await import("./fixtures/json-site.js");
    const again = await startSiteService({
      ...testServiceOptions(t.dataDir),
      build: jsonSiteBuild({ contentDir: t.contentDir }),
      log: () => {},
    });
    t.service = again; // closed by afterEach
    expect(await readdir(join(site, "builds"))).not.toContain("20990101T000000000Z-dead00");
    expect((await readdir(site)).filter((n) => n.startsWith("live.tmp"))).toEqual([]);
    const after = await status(`http://127.0.0.1:${again.builderPort}`);
    expect(after.live?.id).toBe(s.live?.id);
    expect(after.builds.length).toBe(s.builds.length); // no rebuild on boot when something is live
  });
});

describe("atomic swap", () => {
  test("readers never see a missing page while builds are swapped in", { timeout: 60_000 }, async () => {
    const t = await start();
    const live = join(t.dataDir, "site", "live");
    let stop = false;
    const failures: string[] = [];
    let reads = 0;
    const fileReader = (async () => {
      while (!stop) {
        try {
          const html = await readFile(join(live, "en", "events", "event-1", "index.html"), "utf8");
          if (!/Event 1|Swap \d+ 1/.test(html)) failures.push(`unexpected content: ${html}`);
        } catch (error) {
          failures.push(`file: ${String(error)}`);
        }
        reads += 1;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const httpReader = (async () => {
      while (!stop) {
        const response = await text(`${t.site}/en/events/event-1/`);
        if (response.status !== 200) failures.push(`http: ${response.status}`);
        reads += 1;
      }
    })();
    for (let i = 1; i <= 8; i++) {
      await t.setContent({ events: events(10, `Swap ${i}`) });
      await publishAndWait(t);
    }
    stop = true;
    await Promise.all([fileReader, httpReader]);
    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThan(50);
    expect((await text(`${t.site}/en/events/event-1/`)).body).toContain("Swap 8 1");
  });
});
