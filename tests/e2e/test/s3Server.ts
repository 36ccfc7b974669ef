import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, stopChild } from "@cica/local-db";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const sourceDir = path.join(repoRoot, "tools/s3");
/** Cached like the FerretDB wrapper: built once, reused until tools/s3 changes. */
export const s3Binary = path.join(repoRoot, "bin/gofakes3");

const mtime = (file: string) => (existsSync(file) ? statSync(file).mtimeMs : 0);
const onPath = (command: string) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;

/**
 * Builds the S3 server (gofakes3, pinned in tools/s3) with `go build` when it is missing or older
 * than its go.mod; false when there is no Go to build it with. `.ci/run` builds it before the tests.
 */
export function ensureS3Server(log: (line: string) => void = () => {}): boolean {
  const newestSource = Math.max(...["go.mod", "go.sum"].map((f) => mtime(path.join(sourceDir, f))));
  if (existsSync(s3Binary) && mtime(s3Binary) >= newestSource) return true;
  if (!onPath("go")) return false;
  log(`Building the S3 server (first run only): go build in ${sourceDir}`);
  const result = spawnSync("go", ["build", "-o", s3Binary, "github.com/johannesboyne/gofakes3/cmd/gofakes3"], {
    cwd: sourceDir,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error(`go build of the S3 server (gofakes3) failed (exit ${result.status})`);
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
 * A real S3-compatible server for the tests: gofakes3 over HTTP on a free port, its "fs" backend
 * keeping the bucket as files under `dataDir`, the bucket created at start. Null when it cannot be
 * built here (no Go).
 */
export async function startS3Server(dataDir: string, log: (line: string) => void = () => {}): Promise<S3Server | null> {
  if (!ensureS3Server(log)) return null;
  mkdirSync(dataDir, { recursive: true });
  const bucket = "cica-media";
  const port = await freePort();
  const args = ["-host", `127.0.0.1:${port}`, "-backend", "fs", "-fs.path", dataDir, "-fs.create", "-initialbucket", bucket, "-quiet"];
  const output: string[] = [];
  const child = spawn(s3Binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  // Up once it lists the bucket it was told to create (gofakes3 checks no signatures: any key is accepted).
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the S3 server exited with ${child.exitCode}: ${output.join("").slice(-2000)}`);
    const answer = await fetch(`${endpoint}/${bucket}/`).catch(() => null);
    if (answer?.ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the S3 server did not serve ${endpoint}/${bucket}/ within 60 s: ${output.join("").slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
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
    stop: () => stopChild(child),
  };
}
