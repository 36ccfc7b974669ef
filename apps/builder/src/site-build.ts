// The real build function: the Eleventy site's programmatic build (@cica/site's
// buildSite), run in this process — no process start-up, which is most of the
// time of a small rebuild. Imported on first use, so a service started with
// another build function (tests, benches) never loads Eleventy.
//
// buildSite gets the live build's folder and state file, so that a notice
// about a few events extends the live build instead of rebuilding everything,
// and it returns `changesAt` from the content it built — no separate query to
// the CMS for the scheduler.

import type { BuildFunction } from "./builder.js";
import { htmlPages } from "./store.js";

/** The build function, plus what buildSite does after returning (state file, spare copy), awaited on shutdown. */
export type SiteBuildFunction = BuildFunction & { settled: () => Promise<void> };

export function createSiteBuild({
  cmsUrl,
  siteUrl,
  log = () => {},
}: { cmsUrl?: string; siteUrl?: string; log?: (line: string) => void } = {}): SiteBuildFunction {
  let loaded = false;
  const build: BuildFunction = async ({ outputDir, triggers, previousDir, previousStateFile, stateFile }) => {
    const { buildSite } = await import("@cica/site");
    loaded = true;
    const result = await buildSite({ outputDir, cmsUrl, siteUrl, triggers, previousDir, previousStateFile, stateFile });
    const pagesWritten = Number.isFinite(result.pagesWritten) ? result.pagesWritten : (await htmlPages(outputDir)).size;
    if (result.mode)
      log(`${result.mode} build${result.reason ? ` (${result.reason})` : ""}${result.timings ? ` ${JSON.stringify(result.timings)}` : ""}`);
    return {
      pagesWritten,
      errors: result.errors.map(String),
      failures: result.failures,
      changesAt: result.changesAt,
      mode: result.mode,
      reason: result.reason,
      htmlChanges: result.htmlChanges,
    };
  };
  return Object.assign(build, {
    settled: async () => {
      if (!loaded) return;
      const { backgroundWork } = await import("@cica/site");
      await backgroundWork();
    },
  });
}
