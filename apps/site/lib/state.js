import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile, rename, rm, writeFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { qrMemo, veventMemo } from "./memo.js";

// What a build leaves for the next one, in a state file beside (never inside)
// its output folder: the validated content it was built from, when and for
// which address, the instants at which its pages go stale, the version of the
// code that rendered it, and the QR codes and calendar blocks it made. A later
// build starts from this instead of fetching everything from the CMS.

const FORMAT = 1;
const siteDir = fileURLToPath(new URL("../", import.meta.url));

/** @type {Promise<string> | undefined} */
let codeVersionPromise;

/** The libraries whose output ends up in the pages, by the version installed. */
const RENDERING_PACKAGES = ["@11ty/eleventy", "nunjucks", "ical-generator", "qrcode", "feed", "luxon"];

/** "name@version" of an installed package, found from its entry point (not every package exports its package.json). */
async function installedVersion(require, name) {
  try {
    let dir = path.dirname(require.resolve(name));
    for (let i = 0; i < 6; i++, dir = path.dirname(dir)) {
      try {
        const pkg = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8"));
        if (pkg.name === name) return `${name}@${pkg.version}`;
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
export function codeVersion() {
  codeVersionPromise ??= (async () => {
    const require = createRequire(import.meta.url);
    // The package's main file is dist/index.js; its folder holds the compiled schema.
    const schemaDir = path.dirname(path.dirname(require.resolve("@cica/schema")));
    const roots = [path.join(siteDir, "src"), path.join(siteDir, "lib"), path.join(schemaDir, "dist"), path.join(schemaDir, "package.json")];
    const hash = createHash("sha256");
    for (const root of roots) {
      let files;
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

/**
 * The last state written or read in this process, so the build service (one
 * long-lived process) never re-reads the file it has just written.
 * @type {{ file: string, state: BuildState } | undefined}
 */
let lastState;

/**
 * @typedef {object} BuildState
 * @property {number} format
 * @property {string} code        codeVersion() of the build
 * @property {string} siteUrl
 * @property {string} builtAt     the build's "now"
 * @property {string[]} changesAt future instants (from builtAt) at which its pages change with no one publishing
 * @property {object} content     validated content (events, organizations, media, settings, fetchedAt)
 */

// Writing the state costs CPU (JSON of the whole content, and of thousands of
// QR codes and calendar blocks); on the publish→live path that is ~100 ms.
// The next build in this process reads it from memory anyway, so the files are
// written a moment later, after the swap, one at a time. A crash before then
// only means the next build is a full one.
const WRITE_DELAY_MS = 250;
let writes = Promise.resolve();
/** @type {Set<string>} state files asked for and not yet written */
const pending = new Set();

async function writeJson(file, body) {
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
function memoFile(stateFile) {
  return path.join(path.dirname(stateFile), "memo.json");
}

/**
 * Keeps the state for the next build: at once in memory, and in `file` shortly after.
 * @param {string} file @param {Omit<BuildState, "format">} state
 * @returns {Promise<void>} resolves when the file is written (callers need not wait)
 */
export function saveState(file, state) {
  lastState = { file, state: { ...state, format: FORMAT } };
  pending.add(file);
  const write = async () => {
    try {
      await new Promise((r) => setTimeout(r, WRITE_DELAY_MS));
      await writeJson(file, { ...state, format: FORMAT });
      await writeJson(memoFile(file), { format: FORMAT, code: state.code, qr: qrMemo.entries(), vevents: veventMemo.entries() });
    } finally {
      pending.delete(file);
    }
  };
  writes = writes.then(write, write);
  return writes.catch(() => {});
}

/** Resolves when every state file asked for so far is written (tests, shutdown). */
export function stateWritten() {
  return writes.catch(() => {});
}

/**
 * @param {string} file
 * @param {{ code?: string }} [options] the current codeVersion(): memoised output of other code is not loaded
 * @returns {Promise<BuildState | undefined>} undefined when there is no usable state (missing, unreadable, other format)
 */
export async function loadState(file, { code } = {}) {
  if (lastState?.file === file) return lastState.state;
  if (pending.has(file)) await stateWritten();
  let state;
  try {
    state = JSON.parse(await readFile(file, "utf8"));
  } catch {
    return undefined;
  }
  if (state?.format !== FORMAT || !state.content || !Array.isArray(state.content.events)) return undefined;
  try {
    const memo = JSON.parse(await readFile(memoFile(file), "utf8"));
    if (memo?.format === FORMAT && code !== undefined && memo.code === code) {
      qrMemo.load(memo.qr);
      veventMemo.load(memo.vevents);
    }
  } catch {
    // No memo yet: the codes and blocks are made again.
  }
  lastState = { file, state };
  return state;
}
