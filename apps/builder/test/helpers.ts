// @ts-check
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSiteService } from "../service.mjs";
import { sign } from "../signature.mjs";
import { events, jsonSiteBuild, writeContent } from "./fixtures/json-site.mjs";

export const SECRET = "test-secret-0123456789abcdef0123456789";

/**
 * A service on free ports in a temp folder, building the JSON fixture site.
 * @param {{ content?: Parameters<typeof writeContent>[1], delayMs?: number } & Partial<import("../service.mjs").SiteServiceOptions>} [options]
 */
export async function startTestService(options = {}) {
  const root = await mkdtemp(join(tmpdir(), "cica-site-service-"));
  const contentDir = join(root, "content");
  const dataDir = join(root, "data");
  await writeContent(contentDir, options.content ?? { events: events(10) });
  /** @type {string[]} */
  const logs = [];
  /** @type {unknown[][]} */
  const builds = [];
  const { content, delayMs, ...rest } = options;
  const service = await startSiteService({
    dataDir,
    secret: SECRET,
    builderPort: 0,
    sitePort: 0,
    host: "127.0.0.1",
    build: jsonSiteBuild({ contentDir, delayMs, onBuild: (triggers) => builds.push(triggers) }),
    log: (line) => logs.push(line),
    ...rest,
  });
  return {
    service,
    root,
    contentDir,
    dataDir,
    logs,
    builds,
    builder: `http://127.0.0.1:${service.builderPort}`,
    site: `http://127.0.0.1:${service.sitePort}`,
    /** @param {Parameters<typeof writeContent>[1]} next */
    setContent: (next) => writeContent(contentDir, next),
    async close() {
      await service.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/**
 * Sends a signed notice.
 * @param {string} builderUrl
 * @param {object} body
 * @param {{ secret?: string, timestamp?: number, header?: string | null, path?: string }} [options]
 */
export async function postSigned(builderUrl, body, options = {}) {
  const raw = JSON.stringify(body);
  /** @type {Record<string, string>} */
  const headers = { "content-type": "application/json" };
  const header = options.header === undefined ? sign(options.secret ?? SECRET, raw, options.timestamp) : options.header;
  if (header !== null) headers["x-cica-signature"] = header;
  const response = await fetch(`${builderUrl}${options.path ?? "/hooks/publish"}`, { method: "POST", headers, body: raw });
  return { status: response.status, body: await response.json() };
}

let noticeCounter = 0;
/** A fresh notice body (distinct times, so distinct signatures). */
export function notice(overrides = {}) {
  noticeCounter += 1;
  return {
    collection: "events",
    id: `evt-${noticeCounter}`,
    operation: "publish",
    locales: ["en", "ru", "zh"],
    time: new Date(Date.now() + noticeCounter).toISOString(),
    ...overrides,
  };
}

/** @param {string} builderUrl */
export async function status(builderUrl) {
  const response = await fetch(`${builderUrl}/status`);
  return /** @type {any} */ (await response.json());
}

/**
 * Polls until `check` returns a truthy value (generous deadline; no timing is asserted).
 * @template T
 * @param {() => Promise<T> | T} check
 * @param {{ timeoutMs?: number, intervalMs?: number, what?: string }} [options]
 * @returns {Promise<T>}
 */
export async function waitFor(check, { timeoutMs = 20_000, intervalMs = 25, what = "condition" } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Waits until the service has a live build and nothing queued. @param {string} builderUrl */
export async function waitForIdleLive(builderUrl) {
  return waitFor(
    async () => {
      const s = await status(builderUrl);
      return s.live && !s.queue.running && !s.queue.waiting ? s : null;
    },
    { what: "an idle service with a live build" },
  );
}

/** @param {string} url */
export async function text(url, init = {}) {
  const response = await fetch(url, { redirect: "manual", ...init });
  return { status: response.status, headers: response.headers, body: await response.text() };
}
