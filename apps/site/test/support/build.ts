import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSite } from "../../lib/build.js";
import { SAMPLE_NOW, sampleSnapshot } from "../fixtures/generate.js";

export const MEDIA_DIR = fileURLToPath(new URL("../fixtures/media/", import.meta.url));
export const SITE_URL = "https://events.example.org";

const created = [];
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
export async function buildSample({ snapshot = sampleSnapshot(), now = SAMPLE_NOW, ...rest } = {}) {
  const outputDir = path.join(await tempDir(), "out");
  const result = await buildSite({ snapshot, mediaDir: MEDIA_DIR, outputDir, siteUrl: SITE_URL, now, ...rest });
  return { outputDir, result };
}

export async function filesUnder(dir, ext) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

export const read = (dir, file) => readFile(path.join(dir, file), "utf8");
