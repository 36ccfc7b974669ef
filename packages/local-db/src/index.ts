// The project's local database: whatever MongoDB-compatible server this machine
// can run, started the same way for `npm start`, `npm test` and CI.
// Order: DATABASE_URI → mongod on PATH → FerretDB (embedded, SQLite) when Go is
// present → mongodb-memory-server (downloads MongoDB where the internet is reachable).
// FerretDB on a private PostgreSQL cluster (DB_ENGINE=ferretdb-postgresql) is opt-in:
// see README.md, "Choosing a database engine".
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import { MongoClient } from "mongodb";
import { stopChild, superviseServer } from "./supervise.js";
import { findPostgresBinaries, launchPostgres, postgresCluster, privateCommand, stopPostgres } from "./postgres.js";

export { stopChild };

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const DEFAULT_PORT = 27018;
const ferretSourceDir = join(repoRoot, "tools/ferretdb");
export const ferretBinary = join(repoRoot, "bin/ferretdb-embedded");

/** What the server supports, so the CMS picks Payload's compatibility settings from facts. */
export interface Capabilities {
  transactions: boolean;
  lookup: boolean;
  serverVersion: string;
  ferretdb: boolean;
}
export type Engine = "external" | "already-running" | "mongod" | "ferretdb" | "ferretdb-postgresql" | "mongodb-memory-server";
export interface RunningDatabase {
  uri: string;
  engine: Engine;
  capabilities: Capabilities;
  stop: () => Promise<void>;
}
export interface StartOptions {
  port?: number;
  dataDir?: string;
  log?: (line: string) => void;
  engine?: string;
}
type Log = (line: string) => void;
interface StartedServer {
  uri: string;
  stop: () => Promise<void>;
}

function onPath(command: string | undefined): boolean {
  if (!command) return false;
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** Puts a database name into a connection string, keeping its options. */
export function withDatabaseName(uri: string, name: string): string {
  const url = new URL(uri);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A database name no other suite or run will pick. */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix.replace(/[^a-zA-Z0-9_]/g, "_")}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Whether a server answers `ping` at the URI now (the tests use it too, to see a server is down or back). */
export async function ping(uri: string, timeoutMs = 1500): Promise<boolean> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.connect();
    await client.db("admin").command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}

/**
 * Asks the server what it supports, so the CMS can choose Payload's
 * mongooseAdapter compatibility settings from facts rather than from the engine's name.
 */
export async function probeCapabilities(uri: string): Promise<Capabilities> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    const admin = client.db("admin");
    const hello = await admin.command({ hello: 1 });
    const buildInfo = await admin.command({ buildInfo: 1 });
    const ferretdb = "ferretdbVersion" in buildInfo || "ferretdb" in buildInfo || /ferret/i.test(JSON.stringify(buildInfo));
    // Transactions need a replica set (setName) or a mongos router.
    const transactions = Boolean(hello.setName) || hello.msg === "isdbgrid";
    let lookup = true;
    try {
      await client
        .db("cica_capability_probe")
        .collection("probe")
        .aggregate([{ $lookup: { from: "probe", localField: "a", foreignField: "a", as: "joined" } }])
        .toArray();
    } catch {
      lookup = false;
    }
    return { transactions, lookup, serverVersion: String(buildInfo.version ?? "unknown"), ferretdb };
  } finally {
    await client.close().catch(() => {});
  }
}

/** The environment the CMS reads to pick its adapter settings. */
export function databaseEnv(db: Pick<RunningDatabase, "uri" | "engine" | "capabilities">, databaseName: string) {
  // A DATABASE_URI given by the operator keeps the database it names.
  const namesDatabase = new URL(db.uri).pathname.length > 1;
  return {
    DATABASE_URI: db.engine === "external" && namesDatabase ? db.uri : withDatabaseName(db.uri, databaseName),
    DATABASE_ENGINE: db.engine,
    DATABASE_TRANSACTIONS: String(db.capabilities.transactions),
    DATABASE_LOOKUP: String(db.capabilities.lookup),
  };
}

function mtime(path: string): number {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

/** Builds the FerretDB wrapper with `go build` when it is missing or older than its sources. */
export function ensureFerretBinary(log: Log = console.error): string {
  const newestSource = Math.max(...["main.go", "go.mod", "go.sum"].map((f) => mtime(join(ferretSourceDir, f))));
  if (existsSync(ferretBinary) && mtime(ferretBinary) >= newestSource) return ferretBinary;
  log(`Building the FerretDB wrapper (first run only): go build in ${ferretSourceDir}`);
  const started = Date.now();
  const result = spawnSync("go", ["build", "-o", ferretBinary, "."], { cwd: ferretSourceDir, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`go build of the FerretDB wrapper failed (exit ${result.status})`);
  log(`FerretDB wrapper built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return ferretBinary;
}

async function waitForServer(child: ChildProcess, uri: string, name: string, timeoutMs = 60_000): Promise<void> {
  let exitReason: string | null = null;
  child.once("exit", (code, signal) => {
    exitReason = `exited with ${signal ?? code}`;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ping(uri, 500)) return;
    if (exitReason) throw new Error(`${name} ${exitReason} before it answered ping`);
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill("SIGKILL");
  throw new Error(`${name} did not answer ping within ${timeoutMs / 1000} s`);
}

/** Starts a server process and resolves once it answers ping; on failure the error carries its last output. */
export async function launchServer(name: string, command: string, args: string[], uri: string): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  const recent: string[] = [];
  const keep = (chunk: Buffer) => {
    recent.push(chunk.toString());
    if (recent.length > 50) recent.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  try {
    await waitForServer(child, uri, name);
  } catch (error) {
    throw new Error(`${errorMessage(error)}\n${recent.join("").slice(-4000)}`);
  }
  return child;
}

async function startMongod(port: number, dataDir: string, log: Log): Promise<StartedServer> {
  const dbPath = join(dataDir, "mongod");
  mkdirSync(dbPath, { recursive: true });
  const uri = `mongodb://127.0.0.1:${port}/?directConnection=true`;
  return superviseServer({
    name: "mongod",
    port,
    log,
    launch: async () => {
      const child = await launchServer(
        "mongod",
        "mongod",
        ["--dbpath", dbPath, "--port", String(port), "--bind_ip", "127.0.0.1", "--replSet", "rs0", "--quiet"],
        uri,
      );
      try {
        await ensureReplicaSet(uri, port);
      } catch (error) {
        await stopChild(child);
        throw error;
      }
      return child;
    },
    uri,
  });
}

/** A one-node replica set, so that Payload can use transactions (kept in the data folder across restarts). */
async function ensureReplicaSet(uri: string, port: number): Promise<void> {
  const client = new MongoClient(uri);
  try {
    await client.connect();
    const admin = client.db("admin");
    try {
      await admin.command({ replSetGetStatus: 1 });
    } catch {
      await admin.command({ replSetInitiate: { _id: "rs0", members: [{ _id: 0, host: `127.0.0.1:${port}` }] } });
    }
    for (let i = 0; i < 100; i++) {
      const hello = await admin.command({ hello: 1 });
      if (hello.isWritablePrimary) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await client.close();
  }
}

async function startFerret(port: number, dataDir: string, log: Log): Promise<StartedServer> {
  const binary = ensureFerretBinary(log);
  const storeDir = join(dataDir, "ferretdb");
  mkdirSync(storeDir, { recursive: true });
  const uri = `mongodb://127.0.0.1:${port}/`;
  return superviseServer({
    name: "FerretDB",
    port,
    log,
    launch: () => launchServer("FerretDB", binary, ["--listen", `127.0.0.1:${port}`, "--data", storeDir], uri),
    uri,
  });
}

/**
 * FerretDB with its PostgreSQL store, on a private cluster under DATA_DIR (src/postgres.ts). Both
 * processes are supervised: PostgreSQL restarts under a running FerretDB, whose connection pool
 * reconnects by itself. Stop order: FerretDB, then PostgreSQL (fast shutdown, a clean checkpoint).
 * Both get a parent-death signal, so a launcher killed with SIGKILL leaves no server behind.
 */
async function startFerretPostgres(port: number, dataDir: string, log: Log): Promise<StartedServer> {
  const binary = ensureFerretBinary(log);
  const binaries = findPostgresBinaries();
  if (!binaries) throw new Error(NO_POSTGRES);
  const cluster = postgresCluster(dataDir, binaries);
  const release = await holdCluster(cluster.dataDir, `mongodb://127.0.0.1:${port}/`);
  try {
    const postgres = await superviseServer({
      name: "PostgreSQL",
      port,
      log,
      uri: cluster.url,
      launch: () => launchPostgres(cluster, log),
      end: stopPostgres,
    });
    const uri = `mongodb://127.0.0.1:${port}/`;
    const args = ["--listen", `127.0.0.1:${port}`, "--handler", "postgresql", "--postgresql-url", cluster.url];
    let ferret: StartedServer;
    try {
      ferret = await superviseServer({
        name: "FerretDB",
        port,
        log,
        uri,
        launch: () => launchServer("FerretDB", ...privateCommand(undefined, binary, args, "SIGTERM"), uri),
      });
    } catch (error) {
      await postgres.stop();
      throw error;
    }
    return {
      uri,
      async stop() {
        await ferret.stop();
        await postgres.stop();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * One launcher at a time runs a cluster (two PostgreSQL servers cannot share one data folder).
 * The holder's pid and start time are written to a lock file beside the cluster; a lock whose
 * process is gone (a launcher killed with SIGKILL), or whose pid now belongs to another process,
 * is taken over. A live holder means another launcher runs this cluster: wait until its FerretDB
 * answers, then fail so that startDatabase shares that server.
 */
const heldClusters = new Set<string>();
async function holdCluster(clusterDir: string, uri: string): Promise<() => void> {
  const lockFile = join(dirname(clusterDir), "launcher.pid");
  mkdirSync(dirname(clusterDir), { recursive: true });
  for (const deadline = Date.now() + 60_000; ;) {
    const [holder = "", startedAt = ""] = existsSync(lockFile) ? readFileSync(lockFile, "utf8").trim().split(" ") : [];
    const pid = Number(holder);
    const taken = heldClusters.has(clusterDir) || (pid > 0 && pid !== process.pid && startedAt !== "" && processStart(pid) === startedAt);
    if (!taken) break;
    if (await ping(uri, 500)) throw new Error(`another launcher (pid ${pid || process.pid}) runs the cluster in ${clusterDir}`);
    if (Date.now() > deadline) throw new Error(`another launcher (pid ${pid}) holds ${lockFile} and its database does not answer`);
    await new Promise((r) => setTimeout(r, 200));
  }
  heldClusters.add(clusterDir);
  writeFileSync(lockFile, `${process.pid} ${processStart(process.pid)}`);
  return () => {
    if (!heldClusters.delete(clusterDir)) return;
    rmSync(lockFile, { force: true });
  };
}

/** When a process started (clock ticks since boot, /proc/<pid>/stat field 22), or "" when it is gone or a zombie. */
function processStart(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[0] === "Z" ? "" : (fields[19] ?? "");
  } catch {
    return "";
  }
}

async function startMemoryServer(port: number, dataDir: string): Promise<StartedServer> {
  const { MongoMemoryReplSet } = await import("mongodb-memory-server-core");
  const dbPath = join(dataDir, "mongodb-memory-server");
  mkdirSync(dbPath, { recursive: true });
  const replSet = await MongoMemoryReplSet.create({
    replSet: { count: 1, storageEngine: "wiredTiger" },
    instanceOpts: [{ port, dbPath }],
  });
  const uri = replSet.getUri();
  return { uri, stop: async () => void (await replSet.stop({ doCleanup: false })) };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const NOTHING_AVAILABLE = `No MongoDB-compatible database could be started. Do one of these:
  - install Go >= 1.22 (https://go.dev/dl/ or your package manager's "golang" package): the project then builds and runs FerretDB by itself;
  - install MongoDB so that "mongod" is on PATH;
  - set DATABASE_URI to a MongoDB you already run, e.g. DATABASE_URI=mongodb://127.0.0.1:27017/cica.`;

const NO_POSTGRES = `DB_ENGINE=ferretdb-postgresql needs PostgreSQL's server programs (initdb, postgres), found on PATH or in /usr/lib/postgresql/<version>/bin.
  Debian/Ubuntu: apt-get install postgresql (the launcher runs its own private cluster; the system's service is not used).
  Or leave DB_ENGINE unset to use the embedded SQLite store.`;

/**
 * Starts (or finds) the database. Callers get its address, which engine it is,
 * and what it supports.
 */
export async function startDatabase(options: StartOptions = {}): Promise<RunningDatabase> {
  const log = options.log ?? ((line) => console.error(line));
  const port = options.port ?? Number(process.env.DB_PORT ?? DEFAULT_PORT);
  const dataDir = resolve(options.dataDir ?? process.env.DATA_DIR ?? join(repoRoot, ".data"));
  const forced = options.engine ?? process.env.DB_ENGINE;

  if (process.env.DATABASE_URI && !forced) {
    const uri = process.env.DATABASE_URI;
    if (!(await ping(uri, 5000))) throw new Error(`DATABASE_URI is set but ${redact(uri)} does not answer ping`);
    return finish({ uri, engine: "external", stop: async () => {} });
  }

  const localUri = `mongodb://127.0.0.1:${port}/`;
  if (await ping(localUri, 500)) {
    log(`A database already answers on 127.0.0.1:${port}; using it.`);
    return finish({ uri: localUri, engine: "already-running", stop: async () => {} });
  }

  const ferretAvailable = () => onPath("go") || existsSync(ferretBinary);
  const candidates: Array<[Engine, () => boolean, () => Promise<StartedServer>]> = [
    ["mongod", () => onPath("mongod"), () => startMongod(port, dataDir, log)],
    ["ferretdb", ferretAvailable, () => startFerret(port, dataDir, log)],
    ["mongodb-memory-server", () => true, () => startMemoryServer(port, dataDir)],
  ];
  if (forced === "ferretdb-postgresql") {
    const binaries = findPostgresBinaries();
    if (!binaries) throw new Error(NO_POSTGRES);
    if (!ferretAvailable()) throw new Error(NOTHING_AVAILABLE);
    candidates.unshift(["ferretdb-postgresql", () => true, () => startFerretPostgres(port, dataDir, log)]);
  } else if (forced && !candidates.some(([engine]) => engine === forced)) {
    throw new Error(`DB_ENGINE=${forced} is not an engine: use mongod, ferretdb, ferretdb-postgresql or mongodb-memory-server`);
  }
  const failures: string[] = [];
  for (const [engine, available, start] of candidates) {
    if (forced && forced !== engine) continue;
    if (!available()) continue;
    try {
      const started = await start();
      return finish({ ...started, engine });
    } catch (error) {
      // Another launcher may have won the race for the port: share its server.
      if (await ping(localUri, 1000)) return finish({ uri: localUri, engine: "already-running", stop: async () => {} });
      failures.push(`${engine}: ${errorMessage(error)}`);
    }
  }
  throw new Error(`${NOTHING_AVAILABLE}\n\nWhat was tried:\n${failures.map((f) => `  - ${f}`).join("\n") || "  (nothing)"}`);

  async function finish(db: StartedServer & { engine: Engine }): Promise<RunningDatabase> {
    const capabilities = await probeCapabilities(db.uri);
    return { ...db, capabilities };
  }
}

/** Hides a password in a connection string before it is printed. */
export function redact(uri: string): string {
  try {
    const url = new URL(uri);
    if (url.password) url.password = "****";
    return url.toString();
  } catch {
    return uri;
  }
}
