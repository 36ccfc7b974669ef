import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { backgroundWork, buildSite } from "@cica/site";
import { fakeCms, launchBrowser, MEDIA_DIR, SAMPLE_NOW, sampleSnapshot } from "@cica/site/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import type { IndexFunction } from "../src/search-index.js";
import { startSiteService, type SiteService } from "../src/service.js";
import { createSiteBuild } from "../src/site-build.js";
import { testServiceOptions } from "./helpers.js";

export type SampleSite = {
  /** The service's temporary folder (its data folder is `data` inside it). */
  readonly root: string;
  readonly service: SiteService;
  /** Only with `{ browser: true }`. */
  readonly browser: Browser;
};

/**
 * For a test file: the build service in a temporary folder, live with the site's sample content built
 * by the real Eleventy build (and indexed when `searchIndex` is given) before the first test, and
 * one Chromium for the whole file when asked; all stopped and removed after the file.
 */
export function sampleSiteForFile({
  prefix,
  snapshot = sampleSnapshot(),
  searchIndex,
  browser: withBrowser = false,
}: {
  prefix: string;
  snapshot?: ReturnType<typeof sampleSnapshot>;
  searchIndex?: IndexFunction;
  browser?: boolean;
}): SampleSite {
  let root: string | undefined;
  let service: SiteService | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), prefix));
    service = await startSiteService({
      ...testServiceOptions(join(root, "data")),
      log: () => {},
      build: async ({ outputDir }) => buildSite({ snapshot, mediaDir: MEDIA_DIR, outputDir, siteUrl: "http://127.0.0.1", now: SAMPLE_NOW }),
      ...(searchIndex ? { searchIndex } : {}),
    });
    await service.builder.idle();
    expect(await service.builder.store.liveBuildId()).toBeTruthy();
    await service.search?.idle();
    if (withBrowser) browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is ready from beforeAll on`);
    return value;
  };
  return {
    get root() {
      return ready(root, "the temporary folder");
    },
    get service() {
      return ready(service, "the build service");
    },
    get browser() {
      return ready(browser, "the browser (asked for with { browser: true })");
    },
  };
}

export type StandInCmsSite = {
  /** The stand-in CMS (`@cica/site/testing`'s `fakeCms`): change its snapshot, read its requests. */
  readonly cms: Awaited<ReturnType<typeof fakeCms>>;
  readonly service: SiteService;
  /** The service's temporary folder (its data folder is `data` inside it). */
  readonly root: string;
  /** Stops the service, waits for the site's background writes, closes the stand-in CMS and removes the folder. */
  stop(): Promise<void>;
};

/**
 * The build service with the real site build fetching from a stand-in CMS that serves `snapshot`, so
 * notices lead to real partial builds; resolves once the first (full) build is live and, when
 * `searchIndex` is given, indexed. For a file's `beforeAll`, with `stop()` in its `afterAll`.
 */
export async function startWithStandInCms({
  prefix,
  snapshot,
  searchIndex,
  log = () => {},
}: {
  prefix: string;
  snapshot: ReturnType<typeof sampleSnapshot>;
  searchIndex?: IndexFunction;
  log?: (line: string) => void;
}): Promise<StandInCmsSite> {
  const cms = await fakeCms(snapshot, { mediaDir: MEDIA_DIR });
  const root = await mkdtemp(join(tmpdir(), prefix));
  const siteUrl = "http://127.0.0.1:8080";
  const service = await startSiteService({
    ...testServiceOptions(join(root, "data")),
    cmsUrl: cms.url,
    siteUrl,
    // Reports would go to the stand-in CMS, which does not take them.
    reporter: async () => {},
    build: createSiteBuild({ cmsUrl: cms.url, siteUrl, log }),
    ...(searchIndex ? { searchIndex } : {}),
    log,
  });
  // The first build starts on its own (no live build yet); wait until it is live.
  for (let i = 0; i < 200 && !(await service.builder.store.liveBuildId()); i++) {
    await service.builder.idle();
    await new Promise((r) => setTimeout(r, 25));
  }
  await service.search?.idle();
  return {
    cms,
    service,
    root,
    async stop() {
      await service.stop();
      await backgroundWork();
      await cms.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
