import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@cica/local-db";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const sourceDir = path.join(repoRoot, "tools/s3");
/** Cached like the FerretDB wrapper: built once, reused until tools/s3 changes. */
export const s3Binary = path.join(repoRoot, "bin/weed");

const mtime = (file: string) => (existsSync(file) ? statSync(file).mtimeMs : 0);
const onPath = (command: string) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;

/**
 * Builds SeaweedFS (tools/s3, `go build`) when it is missing or older than its go.mod; false when
 * there is no Go to build it with. The first build takes minutes (SeaweedFS is a large program);
 * `.ci/run` builds it before the tests.
 */
export function ensureS3Server(log: (line: string) => void = () => {}): boolean {
  const newestSource = Math.max(...["go.mod", "go.sum"].map((f) => mtime(path.join(sourceDir, f))));
  if (existsSync(s3Binary) && mtime(s3Binary) >= newestSource) return true;
  if (!onPath("go")) return false;
  log(`Building SeaweedFS (first run only): go build in ${sourceDir}`);
  const result = spawnSync("go", ["build", "-o", s3Binary, "github.com/seaweedfs/seaweedfs/weed"], { cwd: sourceDir, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`go build of SeaweedFS failed (exit ${result.status})`);
  return true;
}

export type S3Server = {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The CMS's S3_* settings for this server. */
  env: Record<string, string>;
  stop: () => Promise<void>;
};

/**
 * A real S3-compatible server for the tests: SeaweedFS's `weed mini` (master, volume, filer and S3
 * gateway in one process) on free ports, the bucket created at start, data under `dataDir`.
 * Null when it cannot be built here (no Go).
 */
export async function startS3Server(dataDir: string, log: (line: string) => void = () => {}): Promise<S3Server | null> {
  if (!ensureS3Server(log)) return null;
  mkdirSync(dataDir, { recursive: true });
  const bucket = "cica-media";
  const ports = {
    "master.port": await freePort(),
    "master.port.grpc": await freePort(),
    "volume.port": await freePort(),
    "volume.port.grpc": await freePort(),
    "filer.port": await freePort(),
    "filer.port.grpc": await freePort(),
    "s3.port": await freePort(),
    "s3.port.grpc": await freePort(),
    "webdav.port": await freePort(),
    "admin.port": await freePort(),
    "debug.port": await freePort(),
    "s3.debug.port": await freePort(),
  };
  const args = [
    "mini",
    `-dir=${dataDir}`,
    "-ip=127.0.0.1",
    "-ip.bind=127.0.0.1",
    `-bucket=${bucket}`,
    "-webdav=false",
    "-admin.ui=false",
    "-admin.port.legacy=0",
    "-s3.port.iceberg=0",
    "-s3.port.lance=0",
    ...Object.entries(ports).map(([flag, port]) => `-${flag}=${port}`),
  ];
  const output: string[] = [];
  const child = spawn(s3Binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const endpoint = `http://127.0.0.1:${ports["s3.port"]}`;
  const deadline = Date.now() + 120_000;
  // Up once the gateway lists the bucket it was told to create (SeaweedFS runs without identities: any key is accepted).
  for (;;) {
    if (child.exitCode !== null) throw new Error(`SeaweedFS exited with ${child.exitCode}: ${output.join("").slice(-2000)}`);
    const answer = await fetch(`${endpoint}/${bucket}/`).catch(() => null);
    if (answer?.ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`SeaweedFS did not serve ${endpoint}/${bucket}/ within 120 s: ${output.join("").slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const credentials = { accessKeyId: "e2e-access-key", secretAccessKey: "e2e-secret-access-key" };
  return {
    endpoint,
    bucket,
    ...credentials,
    env: {
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: "us-east-1",
      S3_FORCE_PATH_STYLE: "true",
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}
