// A built site served by the real static server (@cica/builder's createStaticServer: precompressed
// copies, caching, security headers) on a free loopback port, for the wire and Lighthouse benches.
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createStaticServer } from "@cica/builder";
import { localeCodes } from "@cica/schema";
import { buildSite } from "@cica/site";
import { SAMPLE_NOW, sampleSnapshot, type FixtureSnapshot } from "@cica/fixtures";

export interface ServedSite {
  url: string;
  outputDir: string;
  close(): Promise<void>;
}

/**
 * Stand-ins for the snapshot's media files: a valid SVG of each image's size (a browser decodes it,
 * so Lighthouse sees a real picture) and a minimal PDF.
 */
async function writeMedia(snapshot: FixtureSnapshot, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const m of snapshot.media) {
    const { width = 1200, height = 630 } = { width: m.width ?? undefined, height: m.height ?? undefined };
    const body = m.mimeType.startsWith("image/")
      ? `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#123f73"/><circle cx="${width / 2}" cy="${height / 2}" r="${height / 4}" fill="#b88a1b"/></svg>`
      : "%PDF-1.4\n%%EOF\n";
    await writeFile(path.join(dir, path.basename(m.filename)), body);
  }
}

/** Builds `snapshot` (default: the sample content) with stand-in media files, and serves it. */
export async function serveBuiltSite({
  snapshot = sampleSnapshot(),
  now = SAMPLE_NOW,
}: { snapshot?: FixtureSnapshot; now?: Date } = {}): Promise<ServedSite> {
  const root = await mkdtemp(path.join(tmpdir(), "cica-bench-served-"));
  const outputDir = path.join(root, "build");
  const mediaDir = path.join(root, "media");
  await writeMedia(snapshot, mediaDir);
  // Listening first, so that the build's canonical addresses are the served ones (Lighthouse's SEO checks read them).
  const liveDir = path.join(root, "live");
  const { server } = createStaticServer({ liveDir, locales: localeCodes });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const result = await buildSite({ snapshot, mediaDir, outputDir, now, siteUrl: url });
  if (!result.ok) {
    server.close();
    throw new Error(`the build failed:\n${result.errors.slice(0, 10).join("\n")}`);
  }
  await symlink(outputDir, liveDir);
  return {
    url,
    outputDir,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await rm(root, { recursive: true, force: true });
    },
  };
}
