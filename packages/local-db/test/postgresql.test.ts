// DB_ENGINE=ferretdb-postgresql: FerretDB on a private PostgreSQL cluster under DATA_DIR, with the
// real server processes (CI runs these as root, which PostgreSQL itself refuses).
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findPostgresBinaries } from "../src/postgres.ts";
import { repoRoot, startDatabase, uniqueDatabaseName, withDatabaseName, type RunningDatabase } from "../src/index.ts";
import { answers, eventually, findEvent, insertEvent, privateDatabasePlace } from "./support.ts";

const engine = "ferretdb-postgresql";
const available = Boolean(findPostgresBinaries()) && !process.env.DATABASE_URI;
const place = privateDatabasePlace("cica-pg-test-");
const started: ChildProcess[] = [];

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill("SIGKILL");
});

/** Live (not zombie) processes whose command line names this suite's data folder: the cluster's and FerretDB's (whose URL encodes it). */
function serverProcesses(): Array<{ pid: number; command: string }> {
  const found: Array<{ pid: number; command: string }> = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ");
      if (command.includes(place.dataDir) || command.includes(encodeURIComponent(place.dataDir)))
        found.push({ pid: Number(entry), command });
    } catch {
      // ended while we looked
    }
  }
  return found;
}

const start = () => startDatabase({ port: place.port, dataDir: place.dataDir, engine, log: () => {} });

describe.skipIf(!available)("FerretDB on PostgreSQL (DB_ENGINE=ferretdb-postgresql)", () => {
  it("starts a private cluster under DATA_DIR that stores and returns documents", async () => {
    const db = await start();
    try {
      expect(db.engine).toBe(engine);
      // FerretDB 1.24 on PostgreSQL has neither transactions nor $lookup: the CMS must switch both off.
      expect(db.capabilities).toMatchObject({ transactions: false, lookup: false, ferretdb: true });
      const uri = withDatabaseName(db.uri, uniqueDatabaseName("write_read"));
      await insertEvent(uri, { slug: "green-cities", title: { en: "Green cities", zh: "绿色城市" } });
      const found = await findEvent(uri, "green-cities");
      expect(found?.title).toEqual({ en: "Green cities", zh: "绿色城市" });
      const cluster = join(place.dataDir, "postgresql", "data");
      expect(readFileSync(join(cluster, "PG_VERSION"), "utf8").trim()).toMatch(/^\d+$/);
      // PostgreSQL refuses root: as root (CI) the cluster belongs to an unprivileged account.
      if (process.getuid?.() === 0) expect(statSync(cluster).uid).not.toBe(0);
      // Nothing listens on TCP but FerretDB: PostgreSQL has only its socket in the data folder.
      const postgres = serverProcesses().find((p) => p.command.includes("listen_addresses="));
      expect(postgres?.command).toContain(join(place.dataDir, "postgresql", "socket"));
    } finally {
      await db.stop();
    }
  });

  it("stops cleanly (no server process left) and keeps data across a fresh start", async () => {
    const name = uniqueDatabaseName("restart");
    const first = await start();
    await insertEvent(withDatabaseName(first.uri, name), { slug: "kept", title: "Still here" });
    await first.stop();
    expect(serverProcesses()).toEqual([]);
    expect(await answers(`mongodb://127.0.0.1:${place.port}/`)).toBe(false);

    const second = await start();
    try {
      expect(second.engine).toBe(engine);
      const found = await findEvent(withDatabaseName(second.uri, name), "kept");
      expect(found?.title).toBe("Still here");
    } finally {
      await second.stop();
    }
  });

  it("starts although a stale postmaster.pid names a live process that is not PostgreSQL", async () => {
    const name = uniqueDatabaseName("stale_pid");
    const first = await start();
    await insertEvent(withDatabaseName(first.uri, name), { slug: "before" });
    await first.stop();
    // The pid of a killed server, since reused by another process of the same account (containers
    // reuse small pids): PostgreSQL alone would refuse with "lock file postmaster.pid already exists".
    const cluster = join(place.dataDir, "postgresql", "data");
    const owner = statSync(cluster);
    const squatter = spawn(
      process.getuid?.() === 0 ? "setpriv" : "sleep",
      process.getuid?.() === 0 ? [`--reuid=${owner.uid}`, `--regid=${owner.gid}`, "--clear-groups", "sleep", "300"] : ["300"],
      { stdio: "ignore" },
    );
    started.push(squatter);
    writeFileSync(join(cluster, "postmaster.pid"), `${squatter.pid}\n${cluster}\n`);

    const second = await start();
    try {
      const found = await findEvent(withDatabaseName(second.uri, name), "before");
      expect(found).not.toBeNull();
    } finally {
      await second.stop();
      squatter.kill("SIGKILL");
    }
  });

  it("leaves no server behind when the launcher is killed with SIGKILL, and the next start works", async () => {
    const name = uniqueDatabaseName("launcher_killed");
    const launcher = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "packages/local-db/bin/db.ts")], {
      cwd: repoRoot,
      env: { ...process.env, DB_ENGINE: engine, DB_PORT: String(place.port), DATA_DIR: place.dataDir, DATABASE_URI: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    started.push(launcher);
    let output = "";
    launcher.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    launcher.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    expect(await eventually(() => output.includes("Press Ctrl-C") || launcher.exitCode !== null, 60_000), output).toBe(true);
    expect(output).toContain(`Database engine: ${engine}`);
    await insertEvent(withDatabaseName(`mongodb://127.0.0.1:${place.port}/`, name), { slug: "written-before-the-kill" });
    expect(serverProcesses().length).toBeGreaterThanOrEqual(2);

    launcher.kill("SIGKILL");
    // PostgreSQL and FerretDB end with their parent (parent-death signal), not living on as orphans.
    expect(await eventually(() => serverProcesses().length === 0), JSON.stringify(serverProcesses())).toBe(true);

    let db: RunningDatabase | undefined;
    try {
      db = await start();
      expect(db.engine).toBe(engine);
      const found = await findEvent(withDatabaseName(db.uri, name), "written-before-the-kill");
      expect(found).not.toBeNull();
    } finally {
      await db?.stop();
    }
    expect(serverProcesses()).toEqual([]);
  });

  it("restarts PostgreSQL after kill -9 under a running FerretDB, with its data", async () => {
    const name = uniqueDatabaseName("postgres_killed");
    const logs: string[] = [];
    const db = await startDatabase({ port: place.port, dataDir: place.dataDir, engine, log: (line) => logs.push(line) });
    try {
      const uri = withDatabaseName(db.uri, name);
      await insertEvent(uri, { slug: "kept" });
      const postgres = serverProcesses().find((p) => p.command.includes("listen_addresses="));
      expect(postgres).toBeDefined();
      process.kill(postgres!.pid, "SIGKILL");
      // The launcher notices (its sessions may outlive the postmaster for a moment, so reads alone prove nothing yet).
      expect(await eventually(() => /PostgreSQL.*exited.*SIGKILL.*restart/i.test(logs.join("\n"))), logs.join("\n")).toBe(true);
      const readable = await eventually(async () => {
        try {
          return (await findEvent(uri, "kept")) !== null;
        } catch {
          return false;
        }
      }, 60_000);
      expect(readable, logs.join("\n")).toBe(true);
      expect(await eventually(() => logs.some((line) => line.startsWith("PostgreSQL restarted"))), logs.join("\n")).toBe(true);
      expect(
        serverProcesses()
          .filter((p) => p.command.includes("listen_addresses="))
          .map((p) => p.pid),
      ).not.toContain(postgres!.pid);
    } finally {
      await db.stop();
    }
    expect(serverProcesses()).toEqual([]);
  });
});
