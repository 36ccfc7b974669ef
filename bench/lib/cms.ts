// What the CMS-starting benches (cms-rest, login, publish-to-live) share: a database on a free port
// in a throw-away folder, and the production CMS (`next start`, built first when its sources
// changed) beside it with bench-only secrets and account. Never touches a running `npm start`: its
// own ports and folders, all stopped and removed by close().
import { spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databaseEnv, freePort, repoRoot, startDatabase, stopChild, type RunningDatabase } from "@cica/local-db";
import { cmsDir, ensureBuild, serve, waitForCms } from "@cica/cms/start";
import type { Env } from "@cica/cms/startup-config";

/** The account the benches sign in with; created by the CMS from ADMIN_EMAIL/ADMIN_PASSWORD. */
export const BENCH_ADMIN = { email: "bench@cica.local", password: "Bench-only-passw0rd!" } as const;
/** Signs the CMS's build notices; a bench that starts the build service gives it the same. */
export const BENCH_BUILD_HOOK_SECRET = "bench-only-build-hook-secret-0123456789abcdef";
const BENCH_PAYLOAD_SECRET = "bench-only-payload-secret-0123456789abcdef";

export interface BenchCms {
  db: RunningDatabase;
  /** http://127.0.0.1:port */
  url: string;
  port: number;
  /** The CMS's environment (database, secrets, account, DATA_DIR), for seeding and other processes. */
  env: NodeJS.ProcessEnv;
  /** A further throw-away folder, removed by close(). */
  folder(label: string): string;
  /** Builds the CMS unless .next was built from these sources; whether it built. */
  build(): Promise<boolean>;
  /** `next start` on `port`; resolves when the CMS answers (the first request initialises Payload). */
  start(): Promise<ChildProcess>;
  /** Stops a process started here or given to track(). */
  stop(child: ChildProcess): Promise<void>;
  /** Has close() stop `child` (another process of the bench, such as the build service). */
  track(child: ChildProcess): ChildProcess;
  /** `payload run script` in the CMS's folder with its environment and `env`; throws if it fails. */
  payloadRun(script: string, env?: Env): void;
  /** Stops the processes still running, then the database, and removes the folders. */
  close(): Promise<void>;
}

/**
 * Starts the database (the launcher's engine) and prepares the CMS's environment; the CMS itself
 * starts with start(). `name` names the folders and the database; `env` adds to (or overrides) the
 * CMS's environment, e.g. BUILD_HOOK_URL. `engine` forces the launcher's engine (DB_ENGINE's values);
 * it throws when that engine cannot start here.
 */
export async function benchCms({ name, engine, env: extra = {} }: { name: string; engine?: string; env?: Env }): Promise<BenchCms> {
  const folders: string[] = [];
  const children: ChildProcess[] = [];
  const folder = (label: string) => {
    const path = mkdtempSync(join(tmpdir(), `cica-bench-${name}-${label}-`));
    folders.push(path);
    return path;
  };
  let db: RunningDatabase;
  try {
    db = await startDatabase({ port: await freePort(), dataDir: folder("db"), engine, log: () => {} });
  } catch (error) {
    for (const path of folders) rmSync(path, { recursive: true, force: true });
    throw error;
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...databaseEnv(db, name),
    DATA_DIR: folder("cms"),
    CMS_URL: url,
    PAYLOAD_SECRET: BENCH_PAYLOAD_SECRET,
    BUILD_HOOK_SECRET: BENCH_BUILD_HOOK_SECRET,
    ADMIN_EMAIL: BENCH_ADMIN.email,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    NEXT_TELEMETRY_DISABLED: "1",
    ...extra,
  };
  const track = (child: ChildProcess) => (children.push(child), child);
  return {
    db,
    url,
    port,
    env,
    folder,
    build: () => ensureBuild({ env, log: () => {} }),
    async start() {
      const child = track(serve({ port, env }));
      await waitForCms(url, child);
      return child;
    },
    stop: stopChild,
    track,
    payloadRun(script, runEnv = {}) {
      const run = spawnSync(process.execPath, [join(repoRoot, "node_modules/payload/bin.js"), "run", script], {
        cwd: cmsDir,
        env: { ...env, ...runEnv },
        stdio: ["ignore", "inherit", "inherit"],
      });
      if (run.status !== 0) throw new Error(`payload run ${script} failed (${run.signal ?? run.status})`);
    },
    async close() {
      for (const child of children.reverse()) await stopChild(child);
      await db.stop();
      for (const path of folders) rmSync(path, { recursive: true, force: true });
    },
  };
}
