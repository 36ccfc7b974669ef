// @ts-check
// The real build function: the Eleventy site in apps/site.
//
// Preferred: the site's programmatic build, imported lazily from
// apps/site/lib/build.js (export `buildSite`), run in this process — no
// process start-up, which is most of the time of a small rebuild. If that
// module is not there, Eleventy's CLI runs as a child process instead.
//
// buildSite gets the live build's folder and state file, so that a notice
// about a few events extends the live build instead of rebuilding everything
// (apps/site/lib/partial.js), and it returns `changesAt` from the content it
// built — no separate query to the CMS for the scheduler.

import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cmsChangeInstants } from "./content-changes.mjs";
import { htmlPages } from "./store.mjs";

const siteDir = fileURLToPath(new URL("../", import.meta.url));
const PROGRAMMATIC_CANDIDATES = ["lib/build.js", "src/build.js", "build.js"];

/**
 * @param {{ cmsUrl?: string, siteUrl?: string, log?: (line: string) => void }} options
 * @returns {import("./builder.mjs").BuildFunction}
 */
export function createSiteBuild({ cmsUrl, siteUrl, log = () => {} } = {}) {
  /** @type {Promise<Function | null> | undefined} */
  let programmatic;
  /** @type {import("./builder.mjs").BuildFunction & { settled?: () => Promise<void> }} */
  const build = async ({ outputDir, triggers, previousDir, previousStateFile, stateFile }) => {
    programmatic ??= findProgrammaticBuild(log);
    const buildSite = await programmatic;
    if (!buildSite) {
      // The CLI knows nothing of the schedule: the event and banner dates are read beside the build.
      const changes = cmsUrl
        ? cmsChangeInstants(cmsUrl).catch((error) => {
            log(`could not read event dates for scheduled rebuilds: ${error.message}`);
            return undefined;
          })
        : Promise.resolve(undefined);
      const outcome = await runEleventyCli({ outputDir, cmsUrl, siteUrl });
      return { ...outcome, changesAt: await changes };
    }
    // buildSite extends the previous build when only events changed, and returns changesAt from the content it built.
    const result = await buildSite({ outputDir, cmsUrl, siteUrl, triggers, previousDir, previousStateFile, stateFile });
    const errors = Array.isArray(result?.errors) ? result.errors.map(String) : [];
    const pagesWritten = Number.isFinite(result?.pagesWritten) ? result.pagesWritten : (await htmlPages(outputDir)).size;
    if (result?.mode) log(`${result.mode} build${result.reason ? ` (${result.reason})` : ""}${result.timings ? ` ${JSON.stringify(result.timings)}` : ""}`);
    return {
      pagesWritten,
      errors,
      changesAt: Array.isArray(result?.changesAt) ? result.changesAt : undefined,
      mode: result?.mode,
      reason: result?.reason,
      htmlChanges: result?.htmlChanges,
    };
  };
  // What buildSite does after returning (state file, spare copy for the next build), awaited on shutdown.
  build.settled = async () => {
    if (!programmatic || !(await programmatic)) return;
    const module = await import(pathToFileURL(join(siteDir, "lib/build.js")).href);
    await module.backgroundWork?.();
  };
  return build;
}

/** @param {(line: string) => void} log */
async function findProgrammaticBuild(log) {
  for (const candidate of PROGRAMMATIC_CANDIDATES) {
    const url = pathToFileURL(join(siteDir, candidate)).href;
    try {
      const module = await import(url);
      if (typeof module.buildSite === "function") {
        log(`building with buildSite() from apps/site/${candidate}`);
        return module.buildSite;
      }
    } catch (error) {
      const err = /** @type {NodeJS.ErrnoException} */ (error);
      // Only "that file does not exist" means try the next; an error inside the module is real.
      if (err.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes(candidate)) continue;
      throw error;
    }
  }
  log("apps/site has no buildSite() export; building with the Eleventy CLI in a child process");
  return null;
}

/**
 * @param {{ outputDir: string, cmsUrl?: string, siteUrl?: string }} options
 * @returns {Promise<{ pagesWritten: number, errors: string[] }>}
 */
async function runEleventyCli({ outputDir, cmsUrl, siteUrl }) {
  const require = createRequire(join(siteDir, "package.json"));
  const cli = join(dirname(require.resolve("@11ty/eleventy/package.json")), "cmd.cjs");
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, ELEVENTY_ENV: "production" };
  if (cmsUrl) env.CMS_URL = cmsUrl;
  if (siteUrl) env.SITE_URL = siteUrl;
  const output = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, `--output=${outputDir}`, "--quiet"], { cwd: siteDir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  /** @type {string[]} */
  const errors = [];
  if (output.code !== 0) {
    errors.push(`eleventy exited with ${output.signal ?? `code ${output.code}`}`);
    const lines = String(output.stderr || output.stdout).split("\n").map((l) => l.trimEnd()).filter(Boolean);
    errors.push(...lines.slice(-40));
  }
  return { pagesWritten: errors.length ? 0 : (await htmlPages(outputDir)).size, errors };
}
