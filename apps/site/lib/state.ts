import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile, rename, rm, writeFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Content } from "./content.js";
import type { Memo } from "./memo.js";

// What a build leaves for the next one, in a state file beside (never inside)
// its output folder: the validated content it was built from, when and for
// which address, the instants at which its pages go stale, the version of the
// code that rendered it, and the QR codes and calendar blocks it made. A later
// build starts from this instead of fetching everything from the CMS.

const FORMAT = 1;
const siteDir = fileURLToPath(new URL("../", import.meta.url));

/** The code cannot change while the process runs: one fingerprint per process. */
let codeVersionPromise: Promise<string> | undefined;

/** The libraries whose output ends up in the pages, by the version installed. */
const RENDERING_PACKAGES = ["@11ty/eleventy", "nunjucks", "ical-generator", "qrcode", "feed", "luxon"];

/** "name@version" of an installed package, found from its entry point (not every package exports its package.json). */
async function installedVersion(require: NodeJS.Require, name: string): Promise<string> {
  try {
    let dir = path.dirname(require.resolve(name));
    for (let i = 0; i < 6; i++, dir = path.dirname(dir)) {
      try {
        const pkg: unknown = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8"));
        if (typeof pkg === "object" && pkg !== null && "name" in pkg && pkg.name === name && "version" in pkg)
          return `${name}@${String(pkg.version)}`;
      } catch {
        // not here; one folder up
      }
    }
  } catch {
    // not installed for this package
  }
  return `${name}@?`;
}

/**
 * A fingerprint of everything that turns content into pages: the templates,
 * dictionaries and assets (src/), the page models and helpers (lib/), the
 * schema package and the rendering libraries' versions. A build made by other
 * code is never extended, only replaced, and memoised output of other code is
 * never reused.
 */
export function codeVersion(): Promise<string> {
  codeVersionPromise ??= (async () => {
    const require = createRequire(import.meta.url);
    // The package's main file is dist/index.js; its folder holds the compiled schema.
    const schemaDir = path.dirname(path.dirname(require.resolve("@cica/schema")));
    const roots = [
      path.join(siteDir, "src"),
      path.join(siteDir, "lib"),
      path.join(schemaDir, "dist"),
      path.join(schemaDir, "package.json"),
    ];
    const hash = createHash("sha256");
    for (const root of roots) {
      let files: string[];
      try {
        files = (await readdir(root, { recursive: true, withFileTypes: true }))
          .filter((e) => e.isFile())
          .map((e) => path.join(e.parentPath, e.name))
          .sort();
      } catch {
        files = [root];
      }
      for (const file of files) {
        hash.update(path.relative(siteDir, file));
        hash.update(await readFile(file).catch(() => Buffer.alloc(0)));
      }
    }
    for (const name of RENDERING_PACKAGES) hash.update(await installedVersion(require, name));
    return hash.digest("hex").slice(0, 16);
  })();
  return codeVersionPromise;
}

/** What a build leaves for the next one. */
export interface BuildState {
  format: number;
  /** codeVersion() of the build. */
  code: string;
  siteUrl: string;
  /** The build's "now". */
  builtAt: string;
  /** Future instants (from builtAt) at which its pages change with no one publishing. */
  changesAt: string[];
  /** Validated content. */
  content: Content;
}

/** The memos whose entries are kept in memo.json beside the state files. */
export interface PersistedMemos {
  qr: Memo<string>;
  vevents: Memo<string>;
}

// Writing the state costs CPU (JSON of the whole content, and of thousands of
// QR codes and calendar blocks); on the publish→live path that is ~100 ms.
// The next build in this process reads it from memory anyway, so the files are
// written a moment later, after the swap, one at a time. A crash before then
// only means the next build is a full one.
const WRITE_DELAY_MS = 250;

/**
 * memo.json holds every QR code and calendar block (about 50 MB of JSON at 5,000 events), and a publish
 * adds three blocks to it: it is written again only once this many values (or 5% of them) are new since
 * the last time, else every publish re-serialised all of it. After a restart the few missing ones are
 * made again (about 1 ms each).
 */
const MEMO_REWRITE_MIN = 200;
const MEMO_REWRITE_SHARE = 0.05;

async function writeJson(file: string, body: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${randomBytes(3).toString("hex")}`;
  try {
    await writeFile(temp, JSON.stringify(body));
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** The QR codes and calendar blocks, shared by the builds beside it: they depend only on their keys. */
function memoFile(stateFile: string): string {
  return path.join(path.dirname(stateFile), "memo.json");
}

const isString = (value: unknown): value is string => typeof value === "string";

function isBuildState(value: unknown): value is BuildState {
  if (typeof value !== "object" || value === null) return false;
  const state: Partial<Record<keyof BuildState, unknown>> = value;
  return (
    state.format === FORMAT &&
    typeof state.content === "object" &&
    state.content !== null &&
    "events" in state.content &&
    Array.isArray(state.content.events)
  );
}

/**
 * The states of one build service's builds (held by its SiteCaches): the last
 * one written or read is kept in memory, so a long-lived service never
 * re-reads the file it has just written.
 */
export class StateStore {
  #last: { file: string; state: BuildState } | undefined;
  #writes: Promise<void> = Promise.resolve();
  /** State files asked for and not yet written. */
  #pending = new Set<string>();
  /** memo.json files written → the memos' additions at the time. */
  #memoWritten = new Map<string, number>();

  constructor(private readonly memos: PersistedMemos) {}

  /** Keeps the state for the next build: at once in memory, and in `file` shortly after. Resolves when the file is written (callers need not wait). */
  save(file: string, state: Omit<BuildState, "format">): Promise<void> {
    const full: BuildState = { ...state, format: FORMAT };
    this.#last = { file, state: full };
    this.#pending.add(file);
    const write = async () => {
      try {
        await new Promise((r) => setTimeout(r, WRITE_DELAY_MS));
        await writeJson(file, full);
        const memo = memoFile(file);
        const additions = this.memos.qr.additions + this.memos.vevents.additions;
        const written = this.#memoWritten.get(memo);
        const size = this.memos.qr.size + this.memos.vevents.size;
        if (written === undefined || additions - written >= Math.max(MEMO_REWRITE_MIN, size * MEMO_REWRITE_SHARE)) {
          await writeJson(memo, { format: FORMAT, code: state.code, qr: this.memos.qr.entries(), vevents: this.memos.vevents.entries() });
          this.#memoWritten.set(memo, additions);
        }
      } finally {
        this.#pending.delete(file);
      }
    };
    this.#writes = this.#writes.then(write, write);
    return this.written();
  }

  /** Resolves when every state file asked for so far is written (tests, shutdown). */
  written(): Promise<void> {
    return this.#writes.catch(() => {});
  }

  /**
   * The state in `file`, or undefined when there is none usable (missing, unreadable, other format).
   * `code` is the current codeVersion(): memoised output of other code is not loaded.
   */
  async load(file: string, { code }: { code?: string } = {}): Promise<BuildState | undefined> {
    if (this.#last?.file === file) return this.#last.state;
    if (this.#pending.has(file)) await this.written();
    let state: unknown;
    try {
      state = JSON.parse(await readFile(file, "utf8"));
    } catch {
      return undefined;
    }
    if (!isBuildState(state)) return undefined;
    try {
      const memo: unknown = JSON.parse(await readFile(memoFile(file), "utf8"));
      if (
        typeof memo === "object" &&
        memo !== null &&
        "format" in memo &&
        memo.format === FORMAT &&
        code !== undefined &&
        "code" in memo &&
        memo.code === code
      ) {
        this.memos.qr.load("qr" in memo ? memo.qr : undefined, isString);
        this.memos.vevents.load("vevents" in memo ? memo.vevents : undefined, isString);
      }
    } catch {
      // No memo yet: the codes and blocks are made again.
    }
    this.#last = { file, state };
    return state;
  }
}

/**
 * Resolves when the process-wide caches' state files are written, for the
 * build service's tests, which read a state file right after a build
 * (the service itself waits with backgroundWork()); imported lazily because
 * caches.ts imports this module.
 */
export async function stateWritten(): Promise<void> {
  const { processCaches } = await import("./caches.js");
  await processCaches.states.written();
}
