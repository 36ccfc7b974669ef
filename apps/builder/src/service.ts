// Assembles the build service (receiver, queue, builder, scheduler) and the
// static server. `startSiteService` is what main.ts, the e2e tests, the
// benches and this workspace's tests call.

import { defaultLocale, localeCodes } from "@cica/schema";
import { Builder, type BuildFunction } from "./builder.js";
import { createBuilderServer, type PreviewRenderer } from "./builder-server.js";
import type { GateOptions } from "./gate.js";
import { cmsReporter, logOnlyReporter, type Reporter } from "./reporter.js";
import { ChangeScheduler, type NextChanges } from "./scheduler.js";
import { createSiteBuild } from "./site-build.js";
import { close, listen } from "./http-listen.js";
import { startStaticThread, type StaticThread } from "./static-thread.js";
import { SearchIndexer, type IndexFunction } from "./search-index.js";

export type SiteServiceOptions = {
  /** builds go to <dataDir>/site/builds, live is <dataDir>/site/live */
  dataDir: string;
  /** BUILD_HOOK_SECRET (optionally followed by the previous one) */
  secret: string | string[];
  /** default 8090; 0 picks a free port */
  builderPort?: number;
  /** default 8080; 0 picks a free port */
  sitePort?: number;
  /** default: all interfaces */
  host?: string;
  /** where builds are reported (and, for the real build, the content comes from) */
  cmsUrl?: string;
  /** the public address (canonical URLs; HSTS when https) */
  siteUrl?: string;
  /** Payload API key for reporting; HMAC-signed with the secret otherwise */
  reportApiKey?: string;
  /**
   * default: the Eleventy site (createSiteBuild). A build function with `settled` (as createSiteBuild's)
   * has work after a build returns (state file, spare copy); stop() waits for it.
   */
  build?: BuildFunction & { settled?: () => Promise<void> };
  /** default: POST ${cmsUrl}/api/builds, or log only */
  reporter?: Reporter;
  /**
   * The search index made after each build goes live (search-index.ts); `false` for none. Default:
   * Pagefind (@cica/site/search) with the site build, none with a plugged-in `build`.
   */
  searchIndex?: IndexFunction | false;
  /** default: `changesAt` of the live build */
  nextChanges?: NextChanges;
  /** successful builds kept for rollback, default 5 */
  keep?: number;
  gate?: GateOptions;
  /** coalescing: quiet period before a waiting build starts (default 300) */
  quietMs?: number;
  /** coalescing: longest a waiting build is held back (default 2500) */
  maxWaitMs?: number;
  /** coalescing: least time between build starts while notices keep coming (default 2500) */
  minIntervalMs?: number;
  /** signature timestamp tolerance, default 300 */
  toleranceSeconds?: number;
  /** build at start when nothing is live (default true) */
  buildOnBoot?: boolean;
  /** while nothing is live, retry a failed build after this long, doubling to 60 s (default 5000) */
  firstBuildRetryMs?: number;
  /** start the static server (default true) */
  serveSite?: boolean;
  /** answer POST /preview with the real site templates (default true) */
  preview?: boolean;
  log?: (line: string) => void;
};

export type SiteService = Awaited<ReturnType<typeof startSiteService>>;

export async function startSiteService(options: SiteServiceOptions) {
  const log = options.log ?? ((line: string) => console.log(`${new Date().toISOString()} [site-service] ${line}`));
  // The first is the fallback for a 404 outside any locale and for "/" without Accept-Language.
  const locales = [defaultLocale, ...localeCodes.filter((l) => l !== defaultLocale)];
  const secrets = (Array.isArray(options.secret) ? options.secret : [options.secret]).filter(Boolean);
  if (secrets.length === 0) throw new Error("startSiteService: a BUILD_HOOK_SECRET is required");

  const reporter =
    options.reporter ??
    (options.cmsUrl
      ? cmsReporter({ cmsUrl: options.cmsUrl, apiKey: options.reportApiKey, secret: secrets[0], log })
      : logOnlyReporter(log));
  const build = options.build ?? createSiteBuild({ cmsUrl: options.cmsUrl, siteUrl: options.siteUrl, log });

  const builder = new Builder({
    dataDir: options.dataDir,
    build,
    reporter,
    keep: options.keep,
    gate: options.gate,
    quietMs: options.quietMs,
    maxWaitMs: options.maxWaitMs,
    minIntervalMs: options.minIntervalMs,
    siteUrl: options.siteUrl,
    log,
    beforeLive: async (id: string, liveBefore: string | null): Promise<void> => search?.carryOver(liveBefore, id),
  });
  await builder.init();

  // Search (issue 12): the index follows the pages; a failed index leaves the site as it is.
  const indexFunction = options.searchIndex ?? (options.build ? false : defaultIndexFunction);
  const search: SearchIndexer | null = indexFunction ? new SearchIndexer({ store: builder.store, index: indexFunction, log }) : null;
  if (search) {
    await search.init();
    builder.on("live", (id) => search.schedule(id));
  }

  const scheduler = new ChangeScheduler({
    nextChanges: options.nextChanges ?? (async () => (await builder.liveRecord())?.changesAt ?? []),
    onDue: (instant) => {
      builder.notify({ collection: "_schedule", id: instant.toISOString(), operation: "time", time: new Date().toISOString() });
    },
    log,
  });

  const builderServer = createBuilderServer({
    builder,
    secrets,
    toleranceSeconds: options.toleranceSeconds,
    extraStatus: async () => ({
      scheduler: { nextRebuildAt: scheduler.nextAt?.toISOString() ?? null },
      search: search ? await search.status() : null,
    }),
    publicStatus: async () => ({ searchIndex: search ? await search.liveIndex() : null }),
    preview: options.preview === false ? undefined : previewRenderer(builder, options),
    log,
  });
  const builderPort = await listen(builderServer, options.builderPort ?? 8090, options.host);

  // In its own thread, so that serving never waits for building (static-thread.ts says why).
  let site: StaticThread | null = null;
  if (options.serveSite !== false) {
    site = await startStaticThread({
      liveDir: builder.store.livePath,
      locales,
      siteUrl: options.siteUrl,
      log,
      port: options.sitePort ?? 8080,
      host: options.host,
    });
  }
  const sitePort = site?.port ?? null;

  builder.on("build", () => void scheduler.rearm());
  builder.on("live", () => void scheduler.rearm());
  await scheduler.rearm();

  // Until there is a site at all, a failed build is retried with backoff (the CMS may still be
  // starting); once something is live, failures leave it serving and wait for the next notice.
  let stopped = false;
  let firstBuildRetry: NodeJS.Timeout | undefined;
  let retryDelayMs = options.firstBuildRetryMs ?? 5000;
  builder.on("build", async (record) => {
    if (record.status !== "failed" || (await builder.store.liveBuildId()) || stopped) return;
    log(`there is still no live site; trying again in ${Math.round(retryDelayMs / 1000)} s`);
    clearTimeout(firstBuildRetry);
    firstBuildRetry = setTimeout(() => {
      if (!stopped) builder.notify({ collection: "_service", id: "first-build-retry", operation: "initial-build" });
    }, retryDelayMs);
    firstBuildRetry.unref?.();
    retryDelayMs = Math.min(retryDelayMs * 2, 60_000);
  });

  if (options.buildOnBoot !== false && !(await builder.store.liveBuildId())) {
    log("no live build yet: building the site once");
    builder.notify({ collection: "_service", id: "first-boot", operation: "initial-build" });
  }

  const host = "localhost";
  return {
    builder,
    scheduler,
    search,
    builderUrl: `http://${host}:${builderPort}`,
    siteUrl: sitePort === null ? null : `http://${host}:${sitePort}`,
    builderPort,
    sitePort,
    /** Stops accepting requests, lets a running build finish, then closes. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(firstBuildRetry);
      scheduler.stop();
      await Promise.all([close(builderServer), site?.stop()]);
      await builder.stop();
      await search?.stop();
      // The site build writes its state and a spare copy after a build goes live; let them finish.
      await build.settled?.();
    },
  };
}

/** Pagefind through @cica/site/search, loaded on first use. */
const defaultIndexFunction: IndexFunction = async (input) => (await import("@cica/site/search")).indexSite(input);

/**
 * The draft preview (@cica/site): one event page from the site's templates, with the live build's
 * content. Loaded on first use, because it brings Eleventy with it.
 */
function previewRenderer(builder: Builder, options: SiteServiceOptions): PreviewRenderer {
  let loading: Promise<PreviewRenderer> | undefined;
  return async (input) => {
    loading ??= import("@cica/site").then(({ createPreviewRenderer }) =>
      createPreviewRenderer({
        // The live build's content (organisations, media, settings), else the CMS.
        liveStateFile: async () => {
          const live = await builder.store.liveBuildId();
          return live ? builder.store.stateFile(live) : undefined;
        },
        cmsUrl: options.cmsUrl,
        siteUrl: options.siteUrl,
      }),
    );
    return (await loading)(input);
  };
}
