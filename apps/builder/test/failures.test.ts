import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import type { BuildFailure, BuildReport } from "@cica/schema";
import { startSiteService } from "../src/service.js";
import { events, jsonSiteBuild, writeContent } from "./fixtures/json-site.js";
import { postSigned, testServiceOptions, waitFor, waitForIdleLive } from "./helpers.js";

// Issue 9, isolation: what the build service tells the CMS about documents a
// successful build left out. Every report of a build that went live lists the
// failures still open; a failed build lists none (the live build's stand); a
// rollback lists those of the build it makes live again.

const root = await mkdtemp(join(tmpdir(), "cica-failures-"));
afterAll(() => rm(root, { recursive: true, force: true }));

const leftOut: BuildFailure = {
  collection: "events",
  id: "evt-broken",
  label: "broken",
  errors: ["events/evt-broken · en · title: is required"],
  kept: false,
};

describe("failures in build reports", () => {
  test(
    "a live build reports what it left out; a failed one reports none; a rollback reports the target's",
    { timeout: 60_000 },
    async () => {
      const contentDir = join(root, "content");
      await writeContent(contentDir, { events: events(3) });
      const reports: BuildReport[] = [];
      let failures: BuildFailure[] = [leftOut];
      const json = jsonSiteBuild({ contentDir });
      const service = await startSiteService({
        ...testServiceOptions(join(root, "data")),
        build: async (input) => ({ ...(await json(input)), failures }),
        reporter: async (report) => void reports.push(report),
        log: () => {},
      });
      try {
        const builderUrl = `http://127.0.0.1:${service.builderPort}`;
        const finished = (n: number) =>
          waitFor(() => (reports.filter((r) => r.status !== "running").length >= n ? reports.filter((r) => r.status !== "running") : null));
        await waitForIdleLive(builderUrl);
        const [first] = await finished(1);
        expect(first).toMatchObject({ status: "success", live: true, failures: [leftOut] });

        await writeContent(contentDir, { events: events(3), fail: ["the build broke"] });
        await postSigned(builderUrl, {
          collection: "events",
          id: "evt-1",
          operation: "update",
          locales: ["en"],
          time: new Date().toISOString(),
        });
        const second = (await finished(2))[1];
        expect(second).toMatchObject({ status: "failed", live: false, failures: [] });

        failures = [];
        await writeContent(contentDir, { events: events(3) });
        await postSigned(builderUrl, {
          collection: "events",
          id: "evt-broken",
          operation: "update",
          locales: ["en"],
          time: new Date().toISOString(),
        });
        const third = (await finished(3))[2];
        expect(third).toMatchObject({ status: "success", live: true, failures: [] });

        const rollback = await postSigned(builderUrl, { to: first!.id }, { path: "/rollback" });
        expect(rollback.status).toBe(200);
        const fourth = (await finished(4))[3];
        expect(fourth).toMatchObject({ kind: "rollback", status: "success", live: true, failures: [leftOut] });
      } finally {
        await service.stop();
      }
    },
  );
});
