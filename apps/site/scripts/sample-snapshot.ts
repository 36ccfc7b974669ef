#!/usr/bin/env -S node --import tsx
// Writes the fixture snapshot (the source announcement and sample events) as a
// file, with its media beside it, for building and looking at the site without a CMS:
//   node --import tsx scripts/sample-snapshot.ts /tmp/sample && SNAPSHOT_FILE=/tmp/sample/snapshot.json BUILD_NOW=2022-10-01 npm run build:site
import { cp, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { sampleSnapshot } from "../test/fixtures/generate.js";

const dir = path.resolve(process.argv[2] || "sample-snapshot");
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, "snapshot.json"), `${JSON.stringify(sampleSnapshot(), null, 2)}\n`);
await cp(new URL("../test/fixtures/media/", import.meta.url), path.join(dir, "media"), { recursive: true });
console.log(`Wrote ${path.join(dir, "snapshot.json")} and its media/`);
