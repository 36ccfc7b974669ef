import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Payload } from "payload";
import { databaseEnv, freePort, startDatabase, uniqueDatabaseName, type RunningDatabase } from "@cica/local-db";
import { databasePid, holdPort, killDatabase } from "@cica/local-db/drill";
import { suiteEnv } from "./setup/payload";
import { bodyOf, login, startCms, type RunningCms } from "./setup/server";
import { createStaff, password } from "./setup/users";
import { englishEvent } from "./setup/sampleEvent";

// Issue 9 item 5: the database killed under a running CMS (`next start`), with the
// launcher's own supervised server (it restarts the database). While it is down the
// CMS answers 503 with Retry-After and the reason — never 500, never "signed out" —
// and once the launcher has it back, the same CMS process serves again.

let db: RunningDatabase;
let dbPort: number;
let cms: RunningCms;
let payload: Payload;
let editor: string;
const dataDir = mkdtempSync(path.join(tmpdir(), "cica-outage-db-"));
const launcherLog: string[] = [];

beforeAll(async () => {
  dbPort = await freePort();
  db = await startDatabase({ port: dbPort, dataDir, log: (line) => launcherLog.push(line) });
  const env = { ...suiteEnv("outage"), ...databaseEnv(db, uniqueDatabaseName("outage")) };
  cms = await startCms(env);
  Object.assign(process.env, env);
  const { getPayload } = await import("payload");
  const { default: config } = await import("../src/payload.config");
  payload = await getPayload({ config });
  await createStaff(payload);
  editor = await login(cms.url, "editor@test.local", password);
});
afterAll(async () => {
  await payload?.destroy();
  await cms?.stop();
  await db?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(route: string, init: RequestInit & { json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  headers.set("Authorization", editor);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  const res = await fetch(`${cms.url}${route}`, {
    ...init,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: await bodyOf(res) };
}

/** Polls a real condition; the deadline only ends a test that would otherwise hang. */
async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("the database killed under the running CMS", () => {
  it("answers 503 with Retry-After while it is down, refuses a publish saying why, and serves again once the launcher restarts it", async () => {
    const created = await call("/api/events?locale=en&draft=true", {
      method: "POST",
      json: { ...englishEvent("outage-event"), _status: "draft" },
    });
    expect(created.status).toBe(201);
    const id = created.body.doc.id as string;
    expect(await call("/api/health")).toMatchObject({ status: 200, body: { database: "up" } });

    await killDatabase(dbPort);
    // The port stays taken for the length of the checks below, so the launcher's restarts fail meanwhile.
    const held = await holdPort(dbPort).catch((error: Error) => {
      throw new Error(`${error.message}; launcher: ${launcherLog.join(" | ")}; now listening: pid ${databasePid(dbPort)}`);
    });
    try {
      const health = await call("/api/health");
      expect(health).toMatchObject({ status: 503, body: { database: "down" } });
      expect(Number(health.retryAfter)).toBeGreaterThan(0);

      const me = await call("/api/users/me");
      expect(me.status).toBe(503);
      expect(me.retryAfter).not.toBeNull();

      const publish = await call(`/api/events/${id}?locale=en`, { method: "PATCH", json: { _status: "published" } });
      expect(publish.status).toBe(503);
      expect(JSON.stringify(publish.body)).toMatch(/database is not answering.*not stored/);

      expect((await call("/api/events?limit=1")).status).toBe(503);
    } finally {
      await held.release();
    }

    // The launcher restarts the database on its next attempt; the same CMS process reconnects.
    await until("the CMS to see its database again", async () => (await call("/api/health")).status === 200);
    // It was the launcher's restart (logged once its own ping succeeds, so possibly just after ours).
    await until("the launcher to report the restart", async () => launcherLog.some((line) => /restarted: answering again/.test(line)));
    const me = await call("/api/users/me");
    expect(me.status).toBe(200);
    expect(me.body.user?.email).toBe("editor@test.local");
    // The refused publish was not half-done: the event is still the draft it was, and publishing now works.
    expect((await call(`/api/events/${id}?locale=en&depth=0`)).body._status).toBe("draft");
    const publish = await call(`/api/events/${id}?locale=en`, { method: "PATCH", json: { _status: "published" } });
    expect(publish.status).toBe(200);
    expect(publish.body.doc._status).toBe("published");
  });
});
