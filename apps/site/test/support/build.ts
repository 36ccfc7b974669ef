import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSite, type BuildOptions, type BuildResult } from "../../lib/build.js";
import { SAMPLE_NOW, sampleSnapshot, type FixtureSnapshot } from "../fixtures/generate.js";

export const MEDIA_DIR = fileURLToPath(new URL("../fixtures/media/", import.meta.url));
export const SITE_URL = "https://events.example.org";

const created: string[] = [];
export async function tempDir(prefix = "cica-site-") {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Removes the folders this test file built into. */
export async function removeTempDirs() {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Builds the sample snapshot (or a variant of it) into a fresh temporary folder. */
export async function buildSample({
  snapshot = sampleSnapshot(),
  now = SAMPLE_NOW,
  ...rest
}: { snapshot?: FixtureSnapshot } & Partial<Omit<BuildOptions, "snapshot">> = {}): Promise<{ outputDir: string; result: BuildResult }> {
  const outputDir = path.join(await tempDir(), "out");
  const result = await buildSite({ snapshot, mediaDir: MEDIA_DIR, outputDir, siteUrl: SITE_URL, now, ...rest });
  return { outputDir, result };
}

export async function filesUnder(dir: string, ext: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

export const read = (dir: string, file: string) => readFile(path.join(dir, file), "utf8");
