import { link, mkdir, readdir, rename, rm, rmdir, unlink, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import path from "node:path";

// A new build folder that starts as the previous one at almost no cost: every
// folder re-created, every file hard-linked (the same bytes on disk, like
// `cp -al`). Build folders are immutable once live, so sharing their files is
// safe as long as nothing writes *into* a shared file: a changed file is always
// written beside it and renamed over it (see replaceFile), which gives the new
// folder a new file and leaves the old build's untouched.

const CONCURRENCY = 64;

async function inBatches(items, fn) {
  for (let i = 0; i < items.length; i += CONCURRENCY) await Promise.all(items.slice(i, i + CONCURRENCY).map(fn));
}

/** Hard-links every file of `from` into `to` (which must exist and be empty), re-creating the folders. */
export async function linkTree(from, to) {
  const entries = await readdir(from, { recursive: true, withFileTypes: true });
  const dirs = [];
  const files = [];
  for (const entry of entries) {
    const rel = path.relative(from, path.join(entry.parentPath, entry.name));
    if (entry.isDirectory()) dirs.push(rel);
    else if (entry.isFile()) files.push(rel);
    // A build folder holds only folders and files; anything else (a symlink) is not carried over.
  }
  // Parents before children: by depth, each depth in parallel.
  const byDepth = new Map();
  for (const dir of dirs) {
    const depth = dir.split(path.sep).length;
    if (!byDepth.has(depth)) byDepth.set(depth, []);
    byDepth.get(depth).push(dir);
  }
  for (const depth of [...byDepth.keys()].sort((a, b) => a - b)) {
    await inBatches(byDepth.get(depth), (dir) => mkdir(path.join(to, dir)));
  }
  await inBatches(files, (file) => link(path.join(from, file), path.join(to, file)));
  return { dirs: dirs.length, files: files.length };
}

/** Writes a file as a new inode (temp file + rename), never through an existing (possibly shared) one. */
export async function replaceFile(file, content) {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.tmp-${path.basename(file)}-${randomBytes(4).toString("hex")}`);
  try {
    await writeFile(temp, content);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Removes a file (only this folder's link to it) and its folder if that is left empty. */
export async function removeFile(file, { removeEmptyParent = false } = {}) {
  await unlink(file).catch((error) => {
    if (error.code !== "ENOENT") throw error;
  });
  if (removeEmptyParent) {
    await rmdir(path.dirname(file)).catch((error) => {
      if (error.code !== "ENOENT" && error.code !== "ENOTEMPTY") throw error;
    });
  }
}
