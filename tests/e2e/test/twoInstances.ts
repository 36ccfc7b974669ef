import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BuildNotice } from "@cica/schema";
import { databaseEnv, freePort, startDatabase, stopChild, uniqueDatabaseName } from "@cica/local-db";
import { ensureBuild, serve, waitForCms } from "@cica/cms/start";
import { startRoundRobinProxy } from "./roundRobinProxy.js";
import { startS3Server } from "./s3Server.js";
import { ADMIN, SECRET } from "./stack.js";

const temp = (prefix: string) => mkdtempSync(path.join(tmpdir(), `cica-e2e-${prefix}-`));

/**
 * Records every notice the CMS sends, in the build service's place, and accepts it (202): the
 * tests count notices per publish, which the real service's coalescing would hide.
 */
async function recordNotices() {
  const notices: BuildNotice[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/hooks/publish") notices.push(JSON.parse(body) as BuildNotice);
      res.writeHead(202, { "content-type": "application/json" }).end('{"accepted":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    hookUrl: `http://127.0.0.1:${port}/hooks/publish`,
    notices,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Two production CMS processes (`next start`) on one database behind the round-robin proxy, which
 * is the public CMS address (CMS_URL) and the only trusted proxy. Media go to a real S3 server
 * (gofakes3, tools/s3) when one can be built here; otherwise both instances share one media folder.
 */
export async function startTwoInstances() {
  const folders = [temp("db"), temp("cms-a"), temp("cms-b"), temp("s3")];
  const [dbDir, dataDirA, dataDirB, s3Dir] = folders as [string, string, string, string];
  const db = await startDatabase({ port: await freePort(), dataDir: dbDir, log: () => {} });
  const s3 = await startS3Server(s3Dir, (line) => console.log(line));
  const builder = await recordNotices();
  const ports = [await freePort(), await freePort()];
  const upstreams = ports.map((port) => `http://127.0.0.1:${port}`);
  const proxy = await startRoundRobinProxy(upstreams);
  const database = databaseEnv(db, uniqueDatabaseName("e2e2"));
  const env: Record<string, string> = {
    ...database,
    CMS_URL: proxy.url,
    SITE_URL: "http://127.0.0.1:9",
    PAYLOAD_SECRET: "test-only-payload-secret-0123456789abcdef",
    BUILD_HOOK_SECRET: SECRET,
    BUILD_HOOK_URL: builder.hookUrl,
    CMS_SEED_ON_EMPTY: "false",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    CMS_JOBS_AUTORUN: "true",
    // Both instances poll both queues every second: the moments at which they could take the same job.
    CMS_JOBS_CRON: "* * * * * *",
    CMS_BUILD_NOTICE_CRON: "* * * * * *",
    TRUSTED_PROXY: "127.0.0.1",
    NEXT_TELEMETRY_DISABLED: "1",
    ...(s3?.env ?? {}),
  };
  await ensureBuild({ env: { ...process.env, ...env }, log: () => {} });
  // With S3 each instance has a data folder of its own, so a file served by the other came from the bucket.
  const dataDirs = s3 ? [dataDirA, dataDirB] : [dataDirA, dataDirA];
  const children: ChildProcess[] = [];
  // One after the other: the first creates the admin and the indexes on the empty database.
  for (const [i, port] of ports.entries()) {
    const child = serve({ port: port!, env: { ...process.env, ...env, DATA_DIR: dataDirs[i]! } }) as ChildProcess;
    children.push(child);
    await waitForCms(upstreams[i]!, child);
  }
  return {
    proxyUrl: proxy.url,
    databaseUri: database.DATABASE_URI,
    upstreams,
    served: proxy.served,
    notices: builder.notices,
    s3,
    async stop() {
      await proxy.close();
      await Promise.all(children.map(stopChild));
      await builder.close();
      await s3?.stop();
      await db.stop();
      for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    },
  };
}

export type TwoInstances = Awaited<ReturnType<typeof startTwoInstances>>;
