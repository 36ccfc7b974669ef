import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { createSiteBuild, startSiteService, type BuildFunction, type SiteService } from "@cica/builder";
import { databaseEnv, freePort, startDatabase, stopChild, uniqueDatabaseName } from "@cica/local-db";

import { ensureBuild, serve, waitForCms } from "@cica/cms/start";

export const SECRET = "test-only-build-hook-secret-0123456789abcdef";
export const ADMIN = { email: "admin@e2e.local", password: "Test-only-Admin-2024!" };

const temp = (prefix: string) => mkdtempSync(path.join(tmpdir(), `cica-e2e-${prefix}-`));

/**
 * The whole publish pipeline as real processes on free ports: the launcher's
 * database, the production CMS (`next start`, built first when its sources
 * changed), and the site service in this process with the real Eleventy build
 * (so a test can stop and restart it, and break a build on purpose).
 */
export async function startStack({ builderUrl }: { builderUrl?: string } = {}) {
  const folders = [temp("db"), temp("cms"), temp("site")];
  const [dbDir, cmsDataDir, siteDataDir] = folders as [string, string, string];
  const db = await startDatabase({ port: await freePort(), dataDir: dbDir, log: () => {} });
  const [cmsPort, builderPort, sitePort] = [await freePort(), await freePort(), await freePort()];
  const cmsUrl = `http://127.0.0.1:${cmsPort}`;
  const siteUrl = `http://127.0.0.1:${sitePort}`;
  const env: Record<string, string> = {
    ...databaseEnv(db, uniqueDatabaseName("e2e")),
    CMS_URL: cmsUrl,
    SITE_URL: siteUrl,
    DATA_DIR: cmsDataDir,
    PAYLOAD_SECRET: "test-only-payload-secret-0123456789abcdef",
    BUILD_HOOK_SECRET: SECRET,
    BUILD_HOOK_URL: `http://127.0.0.1:${builderPort}/hooks/publish`,
    ...(builderUrl ? { BUILDER_URL: builderUrl } : {}),
    CMS_SEED_ON_EMPTY: "true",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    CMS_JOBS_AUTORUN: "true",
    // Retries of the notice queue every second, so a restarted build service is caught up quickly.
    CMS_BUILD_NOTICE_CRON: "* * * * * *",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const cmsLog: string[] = [];
  await ensureBuild({ env: { ...process.env, ...env }, log: () => {} });

  let cms: ChildProcess | null = null;
  async function startCms() {
    cms = serve({ port: cmsPort, env: { ...process.env, ...env } }) as ChildProcess;
    await waitForCms(cmsUrl, cms);
  }
  async function stopCms() {
    if (cms) await stopChild(cms);
  }
  await startCms();

  const siteLog: string[] = [];
  const hooks = { breakBuilds: false };
  const realBuild = createSiteBuild({ cmsUrl, siteUrl, log: (line: string) => siteLog.push(line) });
  // The test hook for "a build broken on purpose": the real build runs, then is declared failed.
  const build: BuildFunction = async (input) => {
    const result = await realBuild(input);
    return hooks.breakBuilds ? { ...result, errors: [...result.errors, "e2e: this build was broken on purpose by the test"] } : result;
  };
  let site: SiteService | null = null;
  async function startSite() {
    site = await startSiteService({
      dataDir: siteDataDir,
      secret: SECRET,
      builderPort,
      sitePort,
      host: "127.0.0.1",
      cmsUrl,
      siteUrl,
      build,
      firstBuildRetryMs: 1000,
      log: (line: string) => siteLog.push(line),
    });
    return site;
  }
  await startSite();

  return {
    cmsUrl,
    siteUrl,
    builderUrl: `http://127.0.0.1:${builderPort}`,
    hooks,
    siteLog,
    cmsLog,
    startSite,
    stopSite: async () => {
      await site?.stop();
      site = null;
    },
    restartCms: async () => {
      await stopCms();
      await startCms();
    },
    async stop() {
      await site?.stop().catch(() => {});
      await stopCms();
      await db.stop();
      for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/** REST call with an optional `JWT …` authorization; JSON in, JSON out. */
export async function api(cmsUrl: string, method: string, route: string, { token, body }: { token?: string; body?: unknown } = {}) {
  const res = await fetch(`${cmsUrl}${route}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = { text };
  }
  return { status: res.status, json };
}

export async function login(cmsUrl: string, email: string, password: string): Promise<string> {
  const { status, json } = await api(cmsUrl, "POST", "/api/users/login", { body: { email, password } });
  if (status !== 200 || !json.token) throw new Error(`login ${email}: ${status} ${JSON.stringify(json)}`);
  return `JWT ${json.token}`;
}

export async function page(url: string): Promise<{ status: number; html: string }> {
  const res = await fetch(url, { redirect: "manual" });
  return { status: res.status, html: await res.text() };
}

/** Polls until `check` returns something truthy; fails with the last value seen. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 150,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(
    `timed out after ${timeoutMs / 1000} s waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)?.slice(0, 300)})`,
  );
}

/**
 * Listens where the build service was (it must be stopped) and refuses every notice with 503, as a
 * build service that is down or failing would; `firstNotice` resolves when the CMS's queue first tried.
 */
export async function refuseNotices(builderUrl: string) {
  let tried = () => {};
  const firstNotice = new Promise<void>((resolve) => (tried = resolve));
  const server = createServer((req, res) => {
    req.resume();
    if (req.method === "POST" && req.url === "/hooks/publish") tried();
    // No keep-alive: once closed, nothing answers in the build service's place any more.
    res
      .writeHead(503, { "content-type": "application/json", connection: "close" })
      .end(JSON.stringify({ error: "e2e: the build service is down" }));
  });
  const { hostname, port } = new URL(builderUrl);
  await new Promise<void>((resolve) => server.listen(Number(port), hostname, resolve));
  return {
    firstNotice,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
