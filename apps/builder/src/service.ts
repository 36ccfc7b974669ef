// @ts-check
// Assembles the build service (receiver, queue, builder, scheduler) and the
// static server. `startSiteService` is what main.mjs, the root `npm start`
// and the tests call.

import { once } from "node:events";
import { Builder } from "./builder.mjs";
import { createBuilderServer } from "./builder-server.mjs";
import { DEFAULT_LOCALE, LOCALES } from "./config.mjs";
import { cmsReporter, logOnlyReporter } from "./reporter.mjs";
import { ChangeScheduler } from "./scheduler.mjs";
import { createSiteBuild } from "./site-build.mjs";
import { createStaticServer } from "./static-server.mjs";

/**
 * @typedef {object} SiteServiceOptions
 * @property {string} dataDir                 builds go to <dataDir>/site/builds, live is <dataDir>/site/live
 * @property {string | string[]} secret       BUILD_HOOK_SECRET (optionally followed by the previous one)
 * @property {number} [builderPort]           default 8090; 0 picks a free port
 * @property {number} [sitePort]              default 8080; 0 picks a free port
 * @property {string} [host]                  default: all interfaces
 * @property {string} [cmsUrl]                where builds are reported (and, for the real build, the content comes from)
 * @property {string} [siteUrl]               the public address
 * @property {string} [reportApiKey]          Payload API key for reporting; HMAC-signed with the secret otherwise
 * @property {import("./builder.mjs").BuildFunction} [build]   default: the Eleventy site in apps/site
 * @property {import("./reporter.mjs").Reporter} [reporter]    default: POST ${cmsUrl}/api/builds, or log only
 * @property {import("./scheduler.mjs").NextChanges} [nextChanges] default: `changesAt` of the live build
 * @property {readonly string[]} [locales]    default en, ru, zh (the first is the fallback)
 * @property {number} [keep]                  successful builds kept for rollback, default 5
 * @property {import("./gate.mjs").GateOptions} [gate]
 * @property {number} [quietMs]               coalescing: quiet period before a waiting build starts (default 300)
 * @property {number} [maxWaitMs]             coalescing: longest a waiting build is held back (default 2500)
 * @property {number} [minIntervalMs]         coalescing: least time between build starts while notices keep coming (default 2500)
 * @property {number} [toleranceSeconds]      signature timestamp tolerance, default 300
 * @property {boolean} [buildOnBoot]          build at start when nothing is live (default true)
 * @property {number} [firstBuildRetryMs]     while nothing is live, retry a failed build after this long, doubling to 60 s (default 5000)
 * @property {boolean} [serveSite]            start the static server (default true)
 * @property {boolean} [preview]              answer POST /preview with the real site templates (default true)
 * @property {(line: string) => void} [log]
 */

/** @param {SiteServiceOptions} options */
export async function startSiteService(options) {
  const log = options.log ?? ((line) => console.log(`${new Date().toISOString()} [site-service] ${line}`));
  const locales = options.locales ?? [DEFAULT_LOCALE, ...LOCALES.filter((l) => l !== DEFAULT_LOCALE)];
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
  });
  await builder.init();

  const scheduler = new ChangeScheduler({
    nextChanges: options.nextChanges ?? (async () => (await builder.liveRecord())?.changesAt ?? []),
    onDue: (instant) => {
      builder.notify({ collection: "_schedule", id: instant.toISOString(), operation: "time", locales: [], time: new Date().toISOString() });
    },
    log,
  });

  const builderServer = createBuilderServer({
    builder,
    secrets,
    locales,
    toleranceSeconds: options.toleranceSeconds,
    extraStatus: () => ({ scheduler: { nextRebuildAt: scheduler.nextAt?.toISOString() ?? null } }),
    preview: options.preview === false ? undefined : previewRenderer(builder, options),
    log,
  });
  const builderPort = await listen(builderServer, options.builderPort ?? 8090, options.host);

  let siteServer = null;
  let sitePort = null;
  if (options.serveSite !== false) {
    const site = createStaticServer({ liveDir: builder.store.livePath, locales, log });
    siteServer = site.server;
    sitePort = await listen(siteServer, options.sitePort ?? 8080, options.host);
  }

  builder.on("build", () => void scheduler.rearm());
  builder.on("live", () => void scheduler.rearm());
  await scheduler.rearm();

  // Until there is a site at all, a failed build is retried with backoff (the CMS may still be
  // starting); once something is live, failures leave it serving and wait for the next notice.
  let stopped = false;
  let firstBuildRetry = /** @type {NodeJS.Timeout | undefined} */ (undefined);
  let retryDelayMs = options.firstBuildRetryMs ?? 5000;
  builder.on("build", async (record) => {
    if (record.status !== "failed" || (await builder.store.liveBuildId()) || stopped) return;
    log(`there is still no live site; trying again in ${Math.round(retryDelayMs / 1000)} s`);
    clearTimeout(firstBuildRetry);
    firstBuildRetry = setTimeout(() => {
      if (!stopped) builder.notify({ collection: "_service", id: "first-build-retry", operation: "initial-build", locales: [] });
    }, retryDelayMs);
    firstBuildRetry.unref?.();
    retryDelayMs = Math.min(retryDelayMs * 2, 60_000);
  });

  if (options.buildOnBoot !== false && !(await builder.store.liveBuildId())) {
    log("no live build yet: building the site once");
    builder.notify({ collection: "_service", id: "first-boot", operation: "initial-build", locales: [] });
  }

  const host = "localhost";
  return {
    builder,
    scheduler,
    builderUrl: `http://${host}:${builderPort}`,
    siteUrl: sitePort === null ? null : `http://${host}:${sitePort}`,
    builderPort,
    sitePort,
    /** Stops accepting requests, lets a running build finish, then closes. */
    async stop() {
      stopped = true;
      clearTimeout(firstBuildRetry);
      scheduler.stop();
      await Promise.all([close(builderServer), siteServer && close(siteServer)]);
      await builder.stop();
      // The site build writes its state and a spare copy after a build goes live; let them finish.
      await /** @type {{ settled?: () => Promise<void> }} */ (build).settled?.();
    },
  };
}

/**
 * The draft preview (apps/site/lib/preview.js), loaded on first use: it brings Eleventy with it.
 * @param {Builder} builder
 * @param {SiteServiceOptions} options
 */
function previewRenderer(builder, options) {
  /** @type {Promise<(input: { event: unknown, locale: unknown }) => Promise<any>> | undefined} */
  let loading;
  return async (input) => {
    loading ??= import("../lib/preview.js").then((m) =>
      m.createPreviewRenderer({
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

/**
 * @param {import("node:http").Server} server
 * @param {number} port
 * @param {string | undefined} host
 */
async function listen(server, port, host) {
  server.listen(port, host);
  await once(server, "listening");
  const address = server.address();
  return typeof address === "object" && address ? address.port : port;
}

/** @param {import("node:http").Server} server */
function close(server) {
  return new Promise((resolve) => {
    // A keep-alive connection whose response just finished is not "idle" yet at close() time
    // and would hold the server open; sweep idle ones until closed, then cut what remains.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const cut = setTimeout(() => server.closeAllConnections(), 2000);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cut);
      resolve(undefined);
    });
    server.closeIdleConnections();
  });
}
