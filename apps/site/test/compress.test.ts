import { existsSync, linkSync, readFileSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { isCompressible, writeCompressedSync } from "../lib/compress.js";
import { buildSample, removeTempDirs, tempDir } from "./support/build.js";

// The brotli and gzip copies the static server sends: a full build makes them while it renders
// (lib/compress-thread.ts); they must be the very bytes of the files they stand for.

afterAll(removeTempDirs);

describe("compressed copies of a full build", () => {
  it("every text file of 256 bytes or more has a .br and a .gz of exactly its bytes; nothing else has any", async () => {
    const { outputDir, result } = await buildSample();
    expect(result.errors).toEqual([]);
    const files = (await readdir(outputDir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.relative(outputDir, path.join(e.parentPath, e.name)));
    const all = new Set(files);
    const originals = files.filter((file) => !/\.(br|gz)$/.test(file));
    const expected = originals.filter((file) => isCompressible(file) && readFileSync(path.join(outputDir, file)).length >= 256);
    // Pages, the events' .ics (written outside Eleventy), feeds, the hashed stylesheet and scripts.
    for (const kind of [/\.html$/, /\/events\/[^/]+\.ics$/, /feed\.xml$/, /^assets\/.*\.css$/, /^assets\/.*\.js$/])
      expect(expected.some((file) => kind.test(file))).toBe(true);
    for (const file of expected) {
      const bytes = readFileSync(path.join(outputDir, file));
      expect(brotliDecompressSync(readFileSync(path.join(outputDir, `${file}.br`))).equals(bytes), file).toBe(true);
      expect(gunzipSync(readFileSync(path.join(outputDir, `${file}.gz`))).equals(bytes), file).toBe(true);
    }
    const copies = files.filter((file) => /\.(br|gz)$/.test(file)).sort();
    expect(copies).toEqual(expected.flatMap((file) => [`${file}.br`, `${file}.gz`]).sort());
    expect(copies.every((copy) => all.has(copy.slice(0, -3)))).toBe(true);
  });
});

describe("writeCompressedSync", () => {
  const page = "<!doctype html><title>Événement</title>" + "<p>Concert d’été à Genève</p>".repeat(40);

  it("writes new files, leaving a copy that shares its inode with another build's as it was", async () => {
    const dir = await tempDir();
    const other = path.join(dir, "previous.html.br");
    writeFileSync(other, "the previous build's copy");
    const file = path.join(dir, "page.html");
    linkSync(other, `${file}.br`);
    expect(writeCompressedSync(file, page)).toBe(2);
    expect(readFileSync(other, "utf8")).toBe("the previous build's copy");
    expect(brotliDecompressSync(readFileSync(`${file}.br`)).toString()).toBe(page);
    expect(gunzipSync(readFileSync(`${file}.gz`)).toString()).toBe(page);
  });

  it("makes the file's folder when the copies come before the file, and removes stale copies of a small file", async () => {
    const file = path.join(await tempDir(), "en", "events", "new", "index.html");
    writeCompressedSync(file, page);
    expect(existsSync(`${file}.br`)).toBe(true);
    expect(writeCompressedSync(file, "<p>short</p>")).toBe(0);
    expect(existsSync(`${file}.br`) || existsSync(`${file}.gz`)).toBe(false);
  });
});
