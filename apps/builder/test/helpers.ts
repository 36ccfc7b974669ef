import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SIGNATURE_HEADER, sign, signedGet, signedJsonPost } from "@cica/schema/signature";
import type { BuilderStatus } from "../src/builder.js";
import { startSiteService, type SiteServiceOptions } from "../src/service.js";
import { events, jsonSiteBuild, writeContent, type JsonContent } from "./fixtures/json-site.js";
import type { Trigger } from "../src/store.js";

export const SECRET = "test-secret-0123456789abcdef0123456789";

/** What every test service shares: its data folder, the test secret, free ports on the loopback address. */
export function testServiceOptions(dataDir: string) {
  return { dataDir, secret: SECRET, builderPort: 0, sitePort: 0, host: "127.0.0.1" } satisfies SiteServiceOptions;
}

/** A service on free ports in a temp folder, building the JSON fixture site. */
export async function startTestService(options: { content?: JsonContent; delayMs?: number } & Partial<SiteServiceOptions> = {}) {
  const root = await mkdtemp(join(tmpdir(), "cica-site-service-"));
  const contentDir = join(root, "content");
  const dataDir = join(root, "data");
  await writeContent(contentDir, options.content ?? { events: events(10) });
  const logs: string[] = [];
  const builds: Trigger[][] = [];
  const { content, delayMs, ...rest } = options;
  const service = await startSiteService({
    ...testServiceOptions(dataDir),
    build: jsonSiteBuild({ contentDir, delayMs, onBuild: (triggers) => builds.push(triggers) }),
    log: (line) => logs.push(line),
    ...rest,
  });
  const t = {
    service,
    root,
    contentDir,
    dataDir,
    logs,
    builds,
    builder: `http://127.0.0.1:${service.builderPort}`,
    site: `http://127.0.0.1:${service.sitePort}`,
    setContent: (next: JsonContent) => writeContent(contentDir, next),
    async close() {
      await t.service.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
  return t;
}
export type TestService = Awaited<ReturnType<typeof startTestService>>;

// Test answers are JSON objects whose fields the assertions read; `any` keeps them short.
export type Answer = { status: number; body: any };

/**
 * Sends a signed request (a notice by default) through the shared helper, or, with `header`,
 * one whose signature header is given as is (null: none) to check refusals.
 */
export async function postSigned(
  builderUrl: string,
  body: object,
  options: { secret?: string; timestamp?: number; header?: string | null; path?: string } = {},
): Promise<Answer> {
  const url = `${builderUrl}${options.path ?? "/hooks/publish"}`;
  const response =
    options.header === undefined
      ? await signedJsonPost(url, body, options.secret ?? SECRET, { timestamp: options.timestamp })
      : await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...(options.header === null ? {} : { [SIGNATURE_HEADER]: options.header }) },
          body: JSON.stringify(body),
        });
  return { status: response.status, body: await response.json() };
}

/** A raw POST with the given body bytes, headers and a signature over those bytes. */
export function postRaw(
  url: string,
  raw: string,
  headers: Record<string, string> = {},
  header: string | null = sign(SECRET, raw),
): Promise<Response> {
  return fetch(url, { method: "POST", headers: { ...headers, ...(header === null ? {} : { [SIGNATURE_HEADER]: header }) }, body: raw });
}

let noticeCounter = 0;
/** A fresh notice body (distinct times, so distinct signatures). */
export function notice(overrides: Record<string, unknown> = {}) {
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

export type FullStatus = BuilderStatus & { health: string; scheduler: { nextRebuildAt: string | null } };

/** The whole status (queue, history, scheduler): a signed read. */
export async function status(builderUrl: string): Promise<FullStatus> {
  const response = await signedGet(`${builderUrl}/status`, SECRET);
  if (!response.ok) throw new Error(`GET /status answered ${response.status}`);
  return (await response.json()) as FullStatus; // the service's own JSON, typed by BuilderStatus
}

/**
 * Polls until `check` returns a truthy value (generous deadline; no timing is asserted).
 */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  { timeoutMs = 20_000, intervalMs = 25, what = "condition" }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await check();
      if (last) return last as NonNullable<T>; // just checked truthy
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Waits until the service has a live build and nothing queued. */
export async function waitForIdleLive(builderUrl: string): Promise<FullStatus & { live: NonNullable<FullStatus["live"]> }> {
  return waitFor(
    async () => {
      const s = await status(builderUrl);
      return s.live && !s.queue.running && !s.queue.waiting ? { ...s, live: s.live } : null;
    },
    { what: "an idle service with a live build" },
  );
}

export async function text(url: string, init: RequestInit = {}) {
  const response = await fetch(url, { redirect: "manual", ...init });
  return { status: response.status, headers: response.headers, body: await response.text() };
}
