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

/**
 * A fingerprint of everything that turns content into pages: the templates,
 * dictionaries and assets (src/), the page models and helpers (lib/), and the
 * schema package. A build made by other code is never extended, only replaced.
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

/** @param {string} file @param {BuildState} state */
export async function saveState(file, state) {
  lastState = { file, state };
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${randomBytes(3).toString("hex")}`;
  const body = { ...state, format: FORMAT, qr: qrMemo.entries(), vevents: veventMemo.entries() };
  try {
    await writeFile(temp, JSON.stringify(body));
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * @param {string} file
 * @returns {Promise<BuildState | undefined>} undefined when there is no usable state (missing, unreadable, other format)
 */
export async function loadState(file) {
  if (lastState?.file === file) return lastState.state;
  let body;
  try {
    body = JSON.parse(await readFile(file, "utf8"));
  } catch {
    return undefined;
  }
  if (body?.format !== FORMAT || !body.content || !Array.isArray(body.content.events)) return undefined;
  qrMemo.load(body.qr);
  veventMemo.load(body.vevents);
  const { qr, vevents, ...state } = body;
  lastState = { file, state };
  return state;
}
