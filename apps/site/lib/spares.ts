import { execFile } from "node:child_process";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { linkTree } from "./tree.js";

// The copy is the slowest step of a partial build (3,000 folders and 6,000
// links for 1,000 events), so it is made ahead: once a build is done, a spare
// copy of it is prepared in the background, and the next partial build that
// starts from that build takes the spare (waiting for it if still being made)
// instead of copying. One spare at a time; a spare nobody takes is removed
// when the next one is prepared (and by the build service at start).

const SPARE_DELAY_MS = 50;

/**
 * A new build folder that starts as the previous one. GNU `cp -al` does it in
 * another process (about 0.24 s for 9,000 entries here, in parallel with the
 * fetch and render on this one); where it is missing, the same in Node (0.4 s).
 */
export function cloneFolder(from: string, to: string): Promise<unknown> {
  return new Promise<boolean>((resolve) => {
    execFile("cp", ["-al", "--", `${from}/.`, `${to}/`], (error) => resolve(!error));
  }).then((ok) => (ok ? undefined : linkTree(from, to)));
}

/** The spare copies of one build service's builds (held by its SiteCaches). */
export class SpareCopies {
  /** Build folder → its spare. */
  #spares = new Map<string, { spareDir: string; ready: Promise<string | undefined> }>();

  /** Resolves when no spare is being made. */
  async ready(): Promise<void> {
    await Promise.all([...this.#spares.values()].map((s) => s.ready));
  }

  /** Starts making a spare copy of `buildDir` at `spareDir` (outside any served folder). */
  prepare(buildDir: string, spareDir: string): Promise<string | undefined> {
    for (const [dir, entry] of this.#spares) {
      this.#spares.delete(dir);
      void entry.ready.then((made) => (made ? rm(made, { recursive: true, force: true }) : undefined));
    }
    const ready = (async () => {
      // After the swap (a rename, a few ms after the build returns), not competing with it.
      await new Promise((r) => setTimeout(r, SPARE_DELAY_MS));
      await rm(spareDir, { recursive: true, force: true });
      await mkdir(spareDir, { recursive: true });
      await cloneFolder(buildDir, spareDir);
      return spareDir;
    })().catch(async () => {
      await rm(spareDir, { recursive: true, force: true }).catch(() => {});
      return undefined;
    });
    this.#spares.set(path.resolve(buildDir), { spareDir, ready });
    return ready;
  }

  /** `to` (an empty folder) becomes a copy of `from`: the spare if there is one, else a new copy. */
  async startFrom(from: string, to: string): Promise<"spare" | "copy"> {
    const spare = this.#spares.get(path.resolve(from));
    if (spare) {
      this.#spares.delete(path.resolve(from));
      const made = await spare.ready;
      if (made) {
        // rename(2) onto an empty folder replaces it.
        await rename(made, to);
        return "spare";
      }
    }
    await cloneFolder(from, to);
    return "copy";
  }
}
