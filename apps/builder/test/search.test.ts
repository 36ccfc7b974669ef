// Search (issue 12) in the build service: every build gets a Pagefind index after its pages go
// live; until then, and when indexing fails, search answers from the previous index; the status
// says which build's pages and which build's index are live.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { indexSite } from "@cica/site/search";
import { sampleSnapshot } from "@cica/site/testing";
import { describe, expect, test } from "vitest";
import type { IndexFunction } from "../src/search-index.js";
import { status } from "./helpers.js";
import { sampleSiteForFile } from "./sample-site.js";

const snapshot = sampleSnapshot();

/** The real index, which a test can hold back (to look at the site in between) or make fail. */
const control = { gate: undefined as Promise<void> | undefined, fail: false };
const index: IndexFunction = async (input) => {
  await control.gate;
  if (control.fail) throw new Error("pagefind crashed (test)");
  return indexSite(input);
};

const sample = sampleSiteForFile({ prefix: "cica-builder-search-", snapshot, searchIndex: index });

const get = (path: string) => fetch(`${sample.service.siteUrl}${path}`);
const publicStatus = async () =>
  (await (await fetch(`${sample.service.builderUrl}/status`)).json()) as { live: string | null; searchIndex: string | null };
/** The signed status's search part. */
const searchStatus = async () => ((await status(sample.service.builderUrl)) as unknown as { search: unknown }).search;
const rebuild = async () => {
  sample.service.builder.notify({ collection: "_test", id: "rebuild", operation: "rebuild", time: new Date().toISOString() });
  await sample.service.builder.idle();
};

describe("the search index", () => {
  test("the first build is indexed: the public status names the live pages' build and the live index's", async () => {
    const { live, searchIndex } = await publicStatus();
    expect(live).toBeTruthy();
    expect(searchIndex).toBe(live);
    expect((await get("/pagefind/shards.json")).status).toBe(200);
    expect((await get("/en/search/")).status).toBe(200);
    expect(await searchStatus()).toMatchObject({ live: { build: live, pages: snapshot.events.length * 3 }, running: null, failed: null });
  });

  test("a new build goes live first and its index follows; in between, search answers from the previous index", async () => {
    const before = await publicStatus();
    let release!: () => void;
    control.gate = new Promise((resolve) => (release = resolve));
    try {
      await rebuild();
      const between = await publicStatus();
      expect(between.live).not.toBe(before.live);
      expect(between.searchIndex).toBe(before.searchIndex);
      // The new folder was given the live index before its swap: search never disappears.
      expect((await get("/pagefind/shards.json")).status).toBe(200);
      expect(await searchStatus()).toMatchObject({ running: { build: between.live } });
    } finally {
      release();
      control.gate = undefined;
    }
    await sample.service.search?.idle();
    const after = await publicStatus();
    expect(after.searchIndex).toBe(after.live);
    // Only indexes a kept build links to remain.
    const kept = await readdir(join(sample.root, "data", "site", "search"));
    expect(kept).toContain(after.live);
  });

  test("a failed index leaves the live site and the previous index serving, and the status says so", async () => {
    const before = await publicStatus();
    control.fail = true;
    try {
      await rebuild();
      await sample.service.search?.idle();
    } finally {
      control.fail = false;
    }
    const after = await publicStatus();
    expect(after.live).not.toBe(before.live);
    expect(after.searchIndex).toBe(before.searchIndex);
    expect((await get("/en/")).status).toBe(200);
    expect((await get("/pagefind/shards.json")).status).toBe(200);
    expect(await searchStatus()).toMatchObject({
      live: { build: before.searchIndex },
      failed: { build: after.live, errors: [expect.stringContaining("pagefind crashed")] },
    });
  });

  test("a rollback serves the older build with its own index", async () => {
    const before = await publicStatus();
    await sample.service.builder.rollback();
    const after = await publicStatus();
    expect(after.live).not.toBe(before.live);
    expect(after.searchIndex).toBe(after.live);
    expect((await get("/pagefind/shards.json")).status).toBe(200);
  });
});
