import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Payload } from "payload";
import type { BuildReport } from "@cica/schema";
import { SIGNATURE_HEADER, sign } from "@cica/schema/signature";
import { suiteEnv } from "./setup/payload";
import { startCms, type RunningCms } from "./setup/server";

// POST /api/builds over real HTTP: the build service's signed reports, as the
// admin's build banner and history see them. A report may arrive twice (a
// retry, a replay by someone who captured it) or race its sibling; the stored
// history must end up exactly as the build service saw it.

let cms: RunningCms;
let payload: Payload;
let secret: string;

beforeAll(async () => {
  const env = suiteEnv("builds");
  secret = env.BUILD_HOOK_SECRET!;
  cms = await startCms(env);
  Object.assign(process.env, env);
  const { getPayload } = await import("payload");
  const { default: config } = await import("../src/payload.config");
  payload = await getPayload({ config });
});
afterAll(async () => {
  await payload?.destroy();
  await cms?.stop();
});

let sequence = 0;
function report(overrides: Partial<BuildReport> = {}): BuildReport {
  sequence += 1;
  return {
    id: `20261202T0000${String(sequence).padStart(2, "0")}000Z-test${sequence}`,
    kind: "build",
    status: "success",
    live: true,
    triggers: [],
    notices: 1,
    startedAt: new Date(Date.now() - 2000).toISOString(),
    finishedAt: new Date().toISOString(),
    durationMs: 2000,
    pagesWritten: 10,
    errors: [],
    failures: [],
    siteUrl: "http://localhost:8080",
    ...overrides,
  };
}

/** One signed request, kept so it can be sent again byte for byte. */
function signedRequest(body: BuildReport) {
  const raw = JSON.stringify(body);
  const headers = { "content-type": "application/json", [SIGNATURE_HEADER]: sign(secret, raw) };
  return () => fetch(`${cms.url}/api/builds`, { method: "POST", headers, body: raw });
}

async function stored(buildId: string) {
  const { docs } = await payload.find({ collection: "builds", where: { buildId: { equals: buildId } }, depth: 0, overrideAccess: true });
  return docs as unknown as Array<{ buildId: string; status: string; live: boolean }>;
}

describe("build reports", () => {
  it("a replayed report of an older build does not make it the live one again", async () => {
    const older = report();
    const sendOlder = signedRequest(older);
    expect((await sendOlder()).status).toBe(201);
    const newer = report();
    expect((await signedRequest(newer)()).status).toBe(201);

    // The captured request of the older build, sent again inside the signature window.
    const replay = await sendOlder();
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ outcome: "kept" });
    expect((await stored(older.id))[0]).toMatchObject({ status: "success", live: false });
    expect((await stored(newer.id))[0]).toMatchObject({ status: "success", live: true });
  });

  it("takes reports as application/json only", async () => {
    const raw = JSON.stringify(report());
    const res = await fetch(`${cms.url}/api/builds`, {
      method: "POST",
      headers: { "content-type": "text/plain", [SIGNATURE_HEADER]: sign(secret, raw) },
      body: raw,
    });
    expect(res.status).toBe(415);
    expect(await res.text()).toContain("application/json");
  });

  it("a late or repeated 'running' never reopens a finished build", async () => {
    const running = report({ status: "running", live: false, finishedAt: null, durationMs: null, pagesWritten: null });
    const sendRunning = signedRequest(running);
    await sendRunning();
    await signedRequest({
      ...running,
      status: "failed",
      finishedAt: new Date().toISOString(),
      errors: ["events/1 · en · title: is required"],
    })();
    expect((await sendRunning()).status).toBe(200);
    expect((await stored(running.id))[0]).toMatchObject({ status: "failed" });
  });

  it("racing 'running' and 'success' reports of many builds leave none of them stuck at running", async () => {
    const builds = Array.from({ length: 12 }, () => report({ live: false }));
    const responses = await Promise.all(
      builds.flatMap((finished) => [
        signedRequest({ ...finished, status: "running", finishedAt: null, durationMs: null, pagesWritten: null })(),
        signedRequest(finished)(),
      ]),
    );
    const statuses = await Promise.all(responses.map(async (res) => `${res.status} ${res.ok ? "" : await res.text()}`));
    expect(statuses.filter((line) => !/^20[01] /.test(line))).toEqual([]);
    for (const finished of builds) {
      const docs = await stored(finished.id);
      expect(docs.map((doc) => doc.status)).toEqual(["success"]);
    }
  });
});
