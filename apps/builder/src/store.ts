// The build folders on disk and the live symlink:
//   <DATA_DIR>/site/builds/<id>/   one immutable folder per successful build (never written after it goes live)
//   <DATA_DIR>/site/live           symlink → builds/<id>, replaced with rename(2) so readers see old or new, never neither
//   <DATA_DIR>/site/builds.json    the build history (records of successes and failures)
//   <DATA_DIR>/site/state/<id>.json  what build <id> leaves for the next one (its content; apps/site/lib/state.js),
//   <DATA_DIR>/site/state/<id>.spare a hard-linked copy of build <id> made ahead for the next partial build,
//   <DATA_DIR>/site/state/memo.json  QR codes and calendar blocks shared by the builds —
//                                    all outside the served folders, and removed with their build

import type { BuildFailure } from "@cica/schema";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, readlink, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { BuildTrigger } from "@cica/schema";
import { removeTree } from "./remove-tree.js";

const HISTORY_LIMIT = 100;

/** One changed document (or a scheduled/manual cause), merged across notices: the shared BuildTrigger with every field known. */
export type Trigger = Required<BuildTrigger>;

export type BuildRecord = {
  id: string;
  status: "running" | "success" | "failed";
  kind: "build" | "rollback";
  triggers: Trigger[];
  notices: number;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  /** as reported by the build function */
  pagesWritten?: number;
  /** HTML files found in the output */
  htmlPages?: number;
  errors: string[];
  /** documents the build left out (issue 9, isolation): every failure still open when it went live */
  failures?: BuildFailure[];
  /** instants when the output would change with no one publishing */
  changesAt?: string[];
  /** how the build function built ("full" | "partial"), when it says */
  mode?: string;
  /** why a full build was needed, when it says */
  reason?: string;
  rolledBackTo?: string;
  previousLive?: string;
};

const BUILD_ID = /^[0-9TZ]+-[0-9a-f]+$/;

export class BuildStore {
  readonly siteDir: string;
  readonly buildsDir: string;
  readonly livePath: string;
  readonly historyFile: string;
  readonly stateDir: string;
  /** Folders being removed: moved here first (one rename), then deleted in the background. */
  readonly trashDir: string;
  readonly keep: number;
  readonly log: (line: string) => void;
  /** newest first */
  history: BuildRecord[] = [];
  #writes: Promise<void> = Promise.resolve();
  /** The background removal of the trash: one at a time, never in the way of a build. */
  #emptying: Promise<void> = Promise.resolve();

  constructor({ dataDir, keep = 5, log = () => {} }: { dataDir: string; keep?: number; log?: (line: string) => void }) {
    this.siteDir = join(dataDir, "site");
    this.buildsDir = join(this.siteDir, "builds");
    this.livePath = join(this.siteDir, "live");
    this.historyFile = join(this.siteDir, "builds.json");
    this.stateDir = join(this.siteDir, "state");
    this.trashDir = join(this.siteDir, "trash");
    this.keep = keep;
    this.log = log;
  }

  /** Creates the folders, loads the history and clears what a crash may have left half-done. */
  async init(): Promise<void> {
    await mkdir(this.buildsDir, { recursive: true });
    try {
      // Our own file, written only by #saveHistory.
      const parsed = JSON.parse(await readFile(this.historyFile, "utf8")) as { builds?: unknown };
      if (Array.isArray(parsed?.builds)) this.history = parsed.builds as BuildRecord[];
    } catch (error) {
      if (errorCode(error) !== "ENOENT") {
        this.log(`build history ${this.historyFile} is unreadable (${String(error)}); starting a new one`);
      }
    }
    for (const name of await readdir(this.siteDir)) {
      if (name.startsWith("live.tmp-") || name.startsWith("builds.json.tmp-")) await rm(join(this.siteDir, name), { force: true });
    }
    // A record still "running" means the process died during that build.
    for (const record of this.history) {
      if (record.status === "running") {
        record.status = "failed";
        record.errors = [...(record.errors ?? []), "the build service stopped while this build was running"];
      }
    }
    const live = await this.liveBuildId();
    const succeeded = new Set(this.history.filter((r) => r.status === "success").map((r) => r.id));
    for (const id of await this.buildFolders()) {
      if (id !== live && !succeeded.has(id)) {
        this.log(`removing unfinished build folder ${id}`);
        await rm(join(this.buildsDir, id), { recursive: true, force: true });
      }
    }
    await this.#removeOrphanStates();
    await this.#saveHistory();
    // What a stopped service was still removing.
    this.#emptyTrash();
  }

  /** State files and spares whose build folder is gone (pruned, discarded, or never finished), and half-written files. */
  async #removeOrphanStates(): Promise<void> {
    const folders = new Set(await this.buildFolders());
    let names: string[] = [];
    try {
      names = await readdir(this.stateDir);
    } catch {
      return;
    }
    for (const name of names) {
      const id = name.split(".")[0] ?? "";
      const orphan = BUILD_ID.test(id) && !folders.has(id);
      if (orphan || name.includes(".tmp-")) await rm(join(this.stateDir, name), { recursive: true, force: true });
    }
  }

  async #removeState(id: string): Promise<void> {
    await rm(this.stateFile(id), { force: true });
    await this.#toTrash(join(this.stateDir, `${id}.spare`));
  }

  /**
   * Takes a folder out of sight at once (one rename: no rollback, index or build can find it any
   * more) and deletes it in the background. At 5,000 events a build folder holds ≈ 75,000 files, and
   * deleting them took 4–15 s that the next publish's build waited for.
   */
  async #toTrash(dir: string): Promise<void> {
    await mkdir(this.trashDir, { recursive: true });
    try {
      await rename(dir, join(this.trashDir, `${basename(dir)}-${randomBytes(3).toString("hex")}`));
    } catch (error) {
      if (errorCode(error) === "ENOENT") return;
      // Another filesystem or a permission problem: remove it where it is.
      await removeTree(dir);
      return;
    }
    this.#emptyTrash();
  }

  #emptyTrash(): void {
    const empty = async () => {
      const names = await readdir(this.trashDir).catch(() => [] as string[]);
      for (const name of names) await removeTree(join(this.trashDir, name));
    };
    this.#emptying = this.#emptying
      .then(empty, empty)
      .catch((error: unknown) => this.log(`could not empty ${this.trashDir}: ${String(error)}`));
  }

  /** Resolves when the folders removed so far are deleted from disk (tests, and before the data folder is deleted). */
  trashEmptied(): Promise<void> {
    return this.#emptying;
  }

  /** Where build `id` leaves its state for the next build (never inside the served folder). */
  stateFile(id: string): string {
    this.buildDir(id); // validates the id
    return join(this.stateDir, `${id}.json`);
  }

  /** Sortable by time, unique even for builds started in the same millisecond. */
  newBuildId(date: Date = new Date()): string {
    const stamp = date.toISOString().replace(/[-:]/g, "").replace(".", "");
    return `${stamp}-${randomBytes(3).toString("hex")}`;
  }

  buildDir(id: string): string {
    if (!BUILD_ID.test(id)) throw new Error(`not a build id: "${id}"`);
    return join(this.buildsDir, id);
  }

  async createBuildDir(id: string): Promise<string> {
    const dir = this.buildDir(id);
    await mkdir(dir, { recursive: false });
    return dir;
  }

  /** Build folder ids, oldest first. */
  async buildFolders(): Promise<string[]> {
    const entries = await readdir(this.buildsDir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  }

  async liveBuildId(): Promise<string | null> {
    try {
      return basename(await readlink(this.livePath));
    } catch (error) {
      const code = errorCode(error);
      if (code === "ENOENT") return null;
      if (code === "EINVAL") throw new Error(`${this.livePath} exists but is not a symlink; move it away`);
      throw error;
    }
  }

  /**
   * Points live at the build with one rename(2): a new symlink is made beside
   * it and renamed over the old one, so a request resolves either the old or
   * the new folder — never a missing one (`ln -sfn` unlinks first).
   */
  async makeLive(id: string): Promise<void> {
    const target = this.buildDir(id);
    await stat(join(target, ".")); // must exist
    const temp = join(this.siteDir, `live.tmp-${id}-${randomBytes(3).toString("hex")}`);
    // Relative target, so DATA_DIR can be moved or mounted elsewhere.
    await symlink(join("builds", id), temp, "dir");
    try {
      await rename(temp, this.livePath);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async discard(id: string): Promise<void> {
    await this.#toTrash(this.buildDir(id));
    await this.#removeState(id);
  }

  /**
   * Keeps the newest `keep` successful builds (and whatever is live, even
   * after a rollback to an older one); removes the rest.
   * @returns removed ids
   */
  async prune(): Promise<string[]> {
    const live = await this.liveBuildId();
    const folders = await this.buildFolders();
    const keepSet = new Set(folders.slice(-this.keep));
    if (live) keepSet.add(live);
    const removed: string[] = [];
    for (const id of folders) {
      if (keepSet.has(id)) continue;
      await this.#toTrash(join(this.buildsDir, id));
      await this.#removeState(id);
      removed.push(id);
    }
    return removed;
  }

  async saveRecord(record: BuildRecord): Promise<void> {
    const index = this.history.findIndex((r) => r.id === record.id && r.kind === record.kind);
    if (index >= 0) this.history[index] = record;
    else this.history.unshift(record);
    this.history.length = Math.min(this.history.length, HISTORY_LIMIT);
    await this.#saveHistory();
  }

  findRecord(id: string): BuildRecord | undefined {
    return this.history.find((r) => r.id === id && r.kind === "build");
  }

  #saveHistory(): Promise<void> {
    // Serialised, and written to a temp file then renamed, so a crash never leaves half a file.
    const write = async () => {
      const temp = `${this.historyFile}.tmp-${randomBytes(3).toString("hex")}`;
      await writeFile(temp, JSON.stringify({ builds: this.history }, null, 2));
      await rename(temp, this.historyFile);
    };
    this.#writes = this.#writes.then(write, write);
    return this.#writes;
  }
}

/** Relative paths of the HTML pages in a folder. */
export async function htmlPages(dir: string): Promise<Set<string>> {
  const names = await readdir(dir, { recursive: true });
  return new Set(names.filter((name) => name.endsWith(".html")).map((name) => name.split("\\").join("/")));
}

export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}
