import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite } from "../lib/build.js";
import { SiteCaches } from "../lib/caches.js";
import { configure, inputDir } from "../lib/config.js";
import { createBuildData } from "../lib/data.js";
import { createSource } from "../lib/source.js";
import { SAMPLE_NOW, sampleSnapshot } from "./fixtures/generate.js";
import { MEDIA_DIR, SITE_URL, removeTempDirs, tempDir } from "./support/build.js";

// A full build writes its pages with Eleventy's async write mode (lib/config.ts) instead of one
// writeFileSync after another. Every file must be the same, byte for byte, as when written the old way.

async function tree(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, file)] = (await readFile(file)).toString("base64");
  }
  return files;
}

afterAll(removeTempDirs);

describe("a full build written asynchronously", () => {
  it("holds exactly the files, with exactly the bytes, of a build written with writeFileSync", async () => {
    const snapshot = sampleSnapshot();
    const asyncDir = path.join(await tempDir(), "out");
    const result = await buildSite({
      snapshot,
      mediaDir: MEDIA_DIR,
      outputDir: asyncDir,
      siteUrl: SITE_URL,
      now: SAMPLE_NOW,
      caches: new SiteCaches(),
    });
    expect(result.ok).toBe(true);

    const syncDir = path.join(await tempDir(), "out");
    const data = createBuildData({
      source: createSource({ snapshot, mediaDir: MEDIA_DIR }),
      siteUrl: SITE_URL,
      now: SAMPLE_NOW,
      caches: new SiteCaches(),
    });
    await data.views();
    const eleventy = new Eleventy(inputDir, syncDir, {
      quietMode: true,
      configPath: false,
      config: (eleventyConfig) => configure(eleventyConfig, data, { writeMode: "sync" }),
    });
    await eleventy.write();

    const [written, reference] = await Promise.all([tree(asyncDir), tree(syncDir)]);
    expect(Object.keys(written).length).toBeGreaterThan(60);
    expect(Object.keys(written).sort()).toEqual(Object.keys(reference).sort());
    for (const file of Object.keys(reference)) expect(written[file], file).toBe(reference[file]);
  }, 120_000);
});
