#!/usr/bin/env -S node --import tsx
// Writes a snapshot of the CMS's published content, and the media files the
// events use, so the site can be built later without the CMS:
//   CMS_URL=http://localhost:3000 npm run snapshot -w @cica/site -- snapshots/today.json
// then: SNAPSHOT_FILE=snapshots/today.json npm run build:site -w @cica/site
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { ContentError, createSource, fetchSnapshot, validateContent } from "../index.js";
import { errorMessage } from "../lib/errors.js";
import { mediaFileName, mediaFiles } from "../lib/view/image.js";

const cmsUrl = process.env.CMS_URL || "http://localhost:3000"; // dev-only default
const file = path.resolve(process.argv[2] || process.env.SNAPSHOT_FILE || "snapshot.json");

try {
  const snapshot = await fetchSnapshot(cmsUrl);
  // Validate before writing: a snapshot that cannot be built is no use later.
  const content = validateContent(snapshot);
  // Documents a build would leave out: the snapshot is still usable, but say which and why.
  for (const failure of content.failures) console.error(`left out of builds: ${failure.errors.join("; ")}`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(snapshot, null, 2)}\n`);
  const mediaDir = path.join(path.dirname(file), "media");
  const source = createSource({ cmsUrl });
  const used = new Set(content.events.flatMap((e) => [...(e.image ? [e.image] : []), ...e.documents]));
  const media = content.media.filter((m) => used.has(m.id));
  if (media.length) await mkdir(mediaDir, { recursive: true });
  // The uploads and the resized copies the pages' srcsets use.
  for (const file of media.flatMap(mediaFiles)) await writeFile(path.join(mediaDir, mediaFileName(file)), await source.mediaFile(file));
  console.log(
    `Wrote ${file}: ${content.events.length} events, ${content.organizations.length} organisations, ${media.length} media files in ${mediaDir}`,
  );
} catch (error) {
  console.error(error instanceof ContentError ? error.message : `Snapshot failed: ${errorMessage(error)}`);
  process.exitCode = 1;
}
