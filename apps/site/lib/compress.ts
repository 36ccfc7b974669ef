import { mkdirSync, unlinkSync, writeFileSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { errorCode } from "./tree.js";

// Brotli and gzip copies of every text file, made at build time so the
// static server (or nginx's brotli_static/gzip_static, Caddy's precompressed)
// only picks a file by Accept-Encoding and never compresses per request.
// `page.html` gets `page.html.br` and `page.html.gz` beside it.
//
// Two ways to the same bytes: compressFiles (asynchronous, zlib on libuv's threads, reading the files
// back; partial builds compress a few dozen files) and writeCompressedSync, which the full build's
// compression thread (compress-thread.ts) runs on every page as it is rendered.

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** What is worth compressing: text. Images, PDFs and fonts are compressed already. */
export const COMPRESSED_EXTENSIONS = new Set([".html", ".css", ".js", ".mjs", ".xml", ".ics", ".json", ".webmanifest", ".txt"]);
export const ENCODED_SUFFIXES = [".br", ".gz"] as const;

/**
 * Measured on a 9.4 KB event page (this machine): brotli quality 5 → 2,650 bytes in 0.46 ms,
 * quality 11 → 2,323 bytes in 12.9 ms. Pages are thousands and rebuilt often, so they get 5;
 * hashed assets (a few files, cached for a year) get 11. gzip 9 costs no more than 6 here.
 */
const PAGE_QUALITY = 5;
const ASSET_QUALITY = 11;
const HASHED_ASSET = /\.[0-9a-f]{8,}\.(css|js|mjs)$/;
/** Below this a compressed copy saves less than its headers and a file's lookup cost. */
const MIN_BYTES = 256;
const GZIP_OPTIONS: zlib.ZlibOptions = { level: 9 };

export function isCompressible(file: string): boolean {
  return COMPRESSED_EXTENSIONS.has(path.extname(file).toLowerCase());
}

function brotliOptions(file: string, bytes: Uint8Array): zlib.BrotliOptions {
  return {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: HASHED_ASSET.test(file) ? ASSET_QUALITY : PAGE_QUALITY,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  };
}

async function compressOne(file: string): Promise<number> {
  const bytes = await readFile(file);
  if (bytes.length < MIN_BYTES) {
    // A smaller file may replace a larger one of the same name (partial builds): no stale copy stays.
    await removeCompressed([file]);
    return 0;
  }
  const [br, gz] = await Promise.all([brotli(bytes, brotliOptions(file, bytes)), gzip(bytes, GZIP_OPTIONS)]);
  // A fresh file each: the folder may share inodes with the previous build (hard links), which must not change.
  await Promise.all([writeFresh(`${file}.br`, br), writeFresh(`${file}.gz`, gz)]);
  return 2;
}

async function writeFresh(file: string, bytes: Buffer): Promise<void> {
  await rm(file, { force: true });
  await writeFile(file, bytes);
}

/**
 * Writes `.br` and `.gz` beside every compressible file in `files` (absolute paths).
 * zlib runs in libuv's thread pool; a few files at a time keep it busy without holding every page in memory.
 */
export async function compressFiles(files: readonly string[], { concurrency = 8 } = {}): Promise<{ written: number }> {
  const queue = files.filter(isCompressible);
  let written = 0;
  let next = 0;
  const worker = async () => {
    while (next < queue.length) written += await compressOne(queue[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  return { written };
}

/** Removes the compressed copies of files that were removed (absolute paths). */
export async function removeCompressed(files: readonly string[]): Promise<void> {
  await Promise.all(files.flatMap((file) => ENCODED_SUFFIXES.map((suffix) => rm(`${file}${suffix}`, { force: true }))));
}

/**
 * The same copies as compressFiles, of `content` (what is being written to `file`), synchronously: for a thread
 * of its own, where blocking costs nothing and each call is a handful of system calls instead of seven
 * round trips through the thread pool. Makes `file`'s folder if it is not there yet (the copies may come
 * before the file). Returns how many copies it wrote.
 */
export function writeCompressedSync(file: string, content: string | Uint8Array): number {
  const bytes = typeof content === "string" ? Buffer.from(content) : content;
  mkdirSync(path.dirname(file), { recursive: true });
  if (bytes.length < MIN_BYTES) {
    for (const suffix of ENCODED_SUFFIXES) removeSync(`${file}${suffix}`);
    return 0;
  }
  writeNewFileSync(`${file}.br`, zlib.brotliCompressSync(bytes, brotliOptions(file, bytes)));
  writeNewFileSync(`${file}.gz`, zlib.gzipSync(bytes, GZIP_OPTIONS));
  return 2;
}

/**
 * A new inode, never a write through an existing (possibly hard-linked) file: in a fresh folder the
 * exclusive create succeeds at once, so no removal is paid for; an existing file is unlinked first.
 */
function writeNewFileSync(file: string, bytes: Uint8Array): void {
  try {
    writeFileSync(file, bytes, { flag: "wx" });
  } catch (error) {
    if (errorCode(error) !== "EEXIST") throw error;
    unlinkSync(file);
    writeFileSync(file, bytes, { flag: "wx" });
  }
}

function removeSync(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if (errorCode(error) !== "ENOENT") throw error;
  }
}
