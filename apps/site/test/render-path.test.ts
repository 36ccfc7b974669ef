import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite } from "../lib/build.js";
import { SiteCaches } from "../lib/caches.js";
import { configure, inputDir } from "../lib/config.js";
import { createBuildData } from "../lib/data.js";
import { renderToMemory } from "../lib/render.js";
import { createSource } from "../lib/source.js";
import { SAMPLE_NOW, sampleSnapshot } from "./fixtures/generate.js";
import { MEDIA_DIR, SITE_URL, removeTempDirs, tempDir } from "./support/build.js";

// The events' .ics files are made outside Eleventy and written by the build itself (lib/templates.ts,
// lib/build.ts), no longer by an Eleventy template. A full build must hold exactly the files, byte for
// byte, that Eleventy wrote with that template; renders to memory (partial builds, previews) likewise.

async function tree(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, file).split(path.sep).join("/")] = (await readFile(file)).toString("base64");
  }
  return files;
}

const buildData = (snapshot: ReturnType<typeof sampleSnapshot>) =>
  createBuildData({
    source: createSource({ snapshot, mediaDir: MEDIA_DIR }),
    siteUrl: SITE_URL,
    now: SAMPLE_NOW,
    caches: new SiteCaches(),
  });

afterAll(removeTempDirs);

describe("the events' .ics files made outside Eleventy", () => {
  it("make a full build byte-identical to one where Eleventy renders and writes them", async () => {
    const snapshot = sampleSnapshot();
    const newDir = path.join(await tempDir(), "out");
    const result = await buildSite({
      snapshot,
      mediaDir: MEDIA_DIR,
      outputDir: newDir,
      siteUrl: SITE_URL,
      now: SAMPLE_NOW,
      caches: new SiteCaches(),
    });
    expect(result.ok).toBe(true);

    const oldDir = path.join(await tempDir(), "out");
    const data = buildData(snapshot);
    await data.views();
    const [, templates] = await new Eleventy(inputDir, oldDir, {
      quietMode: true,
      configPath: false,
      config: (eleventyConfig) => configure(eleventyConfig, data, { calendarsInEleventy: true }),
    }).write();

    const [withCopies, reference] = await Promise.all([tree(newDir), tree(oldDir)]);
    // The build's brotli/gzip copies (lib/compress.ts) come after rendering; they are tested in the wire tests.
    const built = Object.fromEntries(Object.entries(withCopies).filter(([file]) => !/\.(br|gz)$/.test(file)));
    expect(Object.keys(reference).filter((f) => /^(en|ru|zh)\/events\/[^/]+\.ics$/.test(f)).length).toBeGreaterThan(10);
    expect(Object.keys(built).sort()).toEqual(Object.keys(reference).sort());
    for (const file of Object.keys(reference)) expect(built[file], file).toBe(reference[file]);
    // The same count as before, too: every file Eleventy's templates wrote.
    expect(result.filesWritten).toBe((templates as unknown[]).length);
  }, 120_000);

  it("are in renders to memory (partial builds, previews) exactly as Eleventy rendered them", async () => {
    const data = buildData(sampleSnapshot());
    const byFile = (list: { file: string; content: string }[]) => Object.fromEntries(list.map((o) => [o.file, o.content]));
    const [made, reference] = await Promise.all([renderToMemory(data), renderToMemory(data, { calendarsInEleventy: true })]);
    expect(made.length).toBe(reference.length);
    expect(byFile(made)).toEqual(byFile(reference));
  }, 120_000);
});
