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

async function inBatches<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += CONCURRENCY) await Promise.all(items.slice(i, i + CONCURRENCY).map(fn));
}

/** Hard-links every file of `from` into `to` (which must exist and be empty), re-creating the folders. */
export async function linkTree(from: string, to: string): Promise<{ dirs: number; files: number }> {
  const entries = await readdir(from, { recursive: true, withFileTypes: true });
  const dirs: string[] = [];
  const files: string[] = [];
  for (const entry of entries) {
    const rel = path.relative(from, path.join(entry.parentPath, entry.name));
    if (entry.isDirectory()) dirs.push(rel);
    else if (entry.isFile()) files.push(rel);
    // A build folder holds only folders and files; anything else (a symlink) is not carried over.
  }
  // Parents before children: by depth, each depth in parallel.
  const byDepth = new Map<number, string[]>();
  for (const dir of dirs) {
    const depth = dir.split(path.sep).length;
    const atDepth = byDepth.get(depth) ?? [];
    atDepth.push(dir);
    byDepth.set(depth, atDepth);
  }
  for (const [, atDepth] of [...byDepth].sort(([a], [b]) => a - b)) {
    await inBatches(atDepth, (dir) => mkdir(path.join(to, dir)));
  }
  await inBatches(files, (file) => link(path.join(from, file), path.join(to, file)));
  return { dirs: dirs.length, files: files.length };
}

/**
 * Writes new files under `root` (a folder this build creates, never a shared one), each folder made
 * once and the files written CONCURRENCY at a time on libuv's threads, so the caller's thread goes on.
 */
export async function writeNewFiles(
  root: string,
  files: readonly { file: string; content: string }[],
  /** Folders (relative to root) to make as well, for files someone else writes. */
  moreDirs: readonly string[] = [],
): Promise<void> {
  const dirs = [...new Set([...files.map((f) => path.dirname(path.join(root, f.file))), ...moreDirs.map((d) => path.join(root, d))])];
  await inBatches(dirs, (dir) => mkdir(dir, { recursive: true }));
  await inBatches([...files], (f) => writeFile(path.join(root, f.file), f.content));
}

/** Writes a file as a new inode (temp file + rename), never through an existing (possibly shared) one. */
export async function replaceFile(file: string, content: string | Uint8Array): Promise<void> {
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
export async function removeFile(file: string, { removeEmptyParent = false } = {}): Promise<void> {
  await unlink(file).catch((error: unknown) => {
    if (errorCode(error) !== "ENOENT") throw error;
  });
  if (removeEmptyParent) {
    await rmdir(path.dirname(file)).catch((error: unknown) => {
      const code = errorCode(error);
      if (code !== "ENOENT" && code !== "ENOTEMPTY") throw error;
    });
  }
}

/** The `code` of a Node system error ("ENOENT"), if it has one. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}
