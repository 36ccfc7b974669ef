import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite } from "@cica/site";
import { launchBrowser, MEDIA_DIR, SAMPLE_NOW, sampleSnapshot } from "@cica/site/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import type { IndexFunction } from "../src/search-index.js";
import { startSiteService, type SiteService } from "../src/service.js";
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
