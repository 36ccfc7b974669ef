// The search index in shards (issue 12: the index within 15 s of the pages at 5,000 events): a
// publish makes again only the shards holding the changed event's pages; the others are the
// previous index's files (the same inodes), and search in the browser merges them all, so it finds
// both the event's new title and an event whose shard was reused. An unpublished event is gone
// from search. Real partial builds (createSiteBuild and a stand-in CMS), split into 4 shards a
// locale so that the sample's 8 events fill several.
import { readFile, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { indexSite, shardName, type ShardManifest } from "@cica/site/search";
import { launchBrowser, sampleSnapshot } from "@cica/site/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { IndexFunction } from "../src/search-index.js";
import type { SiteService } from "../src/service.js";
import { startWithStandInCms, type StandInCmsSite } from "./sample-site.js";
import { notice, postSigned } from "./helpers.js";

vi.setConfig({ testTimeout: 90_000 });
const poll = { timeout: 20_000 };
const SHARDS = 4;

const snapshot = sampleSnapshot();
const eventBySlug = (slug: string) => {
  const event = snapshot.events.find((e) => e.slug === slug);
  if (!event) throw new Error(`the sample has no event ${slug}`);
  return event;
};
const CHANGED = "cica-youth-forum";
const REMOVED = "workshop-on-energy-security";
/** An event the publish does not touch, in another English shard than the changed one. */
const UNCHANGED = ["conference-on-tourism-cooperation", "business-council-meeting", "meeting-of-cica-senior-officials-committee"].find(
  (slug) => shardName("en", slug, SHARDS) !== shardName("en", CHANGED, SHARDS) && slug !== REMOVED,
)!;

let service: SiteService;
let browser: Browser;
let root: string;
let site: StandInCmsSite | undefined;
const index: IndexFunction = (input) => indexSite({ ...input, shardCount: () => SHARDS });

beforeAll(async () => {
  site = await startWithStandInCms({ prefix: "cica-builder-search-shards-", snapshot, searchIndex: index });
  ({ service, root } = site);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

/** The live index's folder, once the live build's own index is live. */
async function liveIndexDir(): Promise<string> {
  const live = await service.search?.liveIndex();
  expect(live).toBe(await service.builder.store.liveBuildId());
  return join(root, "data", "site", "search", String(live));
}

/** shard name → inode of each of its files (hard links share one). */
async function shardInodes(indexDir: string): Promise<Map<string, Map<string, bigint>>> {
  const manifest = JSON.parse(await readFile(join(indexDir, "shards.json"), "utf8")) as ShardManifest;
  const shards = new Map<string, Map<string, bigint>>();
  for (const { name } of manifest.shards) {
    const files = new Map<string, bigint>();
    for (const file of await readdir(join(indexDir, name), { recursive: true })) {
      const info = await stat(join(indexDir, name, file), { bigint: true });
      if (info.isFile()) files.set(file, info.ino);
    }
    shards.set(name, files);
  }
  return shards;
}

async function indexedPages(): Promise<number> {
  const manifest = JSON.parse(await readFile(join(await liveIndexDir(), "shards.json"), "utf8")) as ShardManifest;
  return manifest.shards.reduce((sum, s) => sum + s.pages, 0);
}

async function publish(body: Record<string, unknown>) {
  expect((await postSigned(service.builderUrl, notice(body))).status).toBe(202);
  await service.builder.idle();
  await service.search?.idle();
  const record = await service.builder.liveRecord();
  expect(record?.mode).toBe("partial");
}

/** The titles the English search page shows for a query, with JavaScript. */
async function searchTitles(query: string): Promise<string[]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${service.siteUrl}/en/search/?q=${encodeURIComponent(query)}`);
    const status = page.locator("[data-search-status]");
    await expect
      .poll(
        async () => (await status.innerText()) !== "" && (await status.innerText()) !== (await status.getAttribute("data-loading")),
        poll,
      )
      .toBe(true);
    return await page.locator("[data-search-results] h2").allInnerTexts();
  } finally {
    await context.close();
  }
}

describe("the search index in shards", () => {
  test("the first index has several shards a locale, and search merges them", async () => {
    const shards = await shardInodes(await liveIndexDir());
    for (const locale of ["en", "ru", "zh"]) expect([...shards.keys()].filter((n) => n.startsWith(`${locale}-`)).length).toBeGreaterThan(1);
    // "meeting" is in titles in more than one English shard.
    expect(
      new Set(snapshot.events.filter((e) => /meeting/i.test(e.title.en)).map((e) => shardName("en", e.slug, SHARDS))).size,
    ).toBeGreaterThan(1);
    expect((await searchTitles("meeting")).sort()).toEqual(
      snapshot.events
        .filter((e) => /meeting/i.test(e.title.en))
        .map((e) => e.title.en)
        .sort(),
    );
  });

  test("a publish of one event makes again only its shards; search finds its new title and an unchanged event", async () => {
    const before = await shardInodes(await liveIndexDir());
    eventBySlug(CHANGED).title.en = "CICA Youth Forum on Zephyrine cooperation";
    await publish({ collection: "events", id: eventBySlug(CHANGED).id, operation: "update" });

    const after = await shardInodes(await liveIndexDir());
    expect([...after.keys()]).toEqual([...before.keys()]);
    const remade = [...after.keys()].filter(
      (name) => after.get(name)?.get("pagefind-entry.json") !== before.get(name)?.get("pagefind-entry.json"),
    );
    // Only the changed event's shards (its page in each locale, at most); here only the English page changed.
    expect(remade).toContain(shardName("en", CHANGED, SHARDS));
    for (const name of remade) expect(name).toBe(shardName(name.slice(0, 2), CHANGED, SHARDS));
    // A reused shard is the previous one's files, not a copy.
    for (const name of [...after.keys()].filter((n) => !remade.includes(n))) expect(after.get(name)).toEqual(before.get(name));
    expect((await service.search?.status())?.live?.shards).toEqual({ rebuilt: remade.length, reused: after.size - remade.length });

    expect(await searchTitles("Zephyrine")).toEqual(["CICA Youth Forum on Zephyrine cooperation"]);
    const unchanged = eventBySlug(UNCHANGED).title.en;
    expect(await searchTitles(unchanged)).toContain(unchanged);
  });

  test("an unpublished event disappears from search", async () => {
    const title = eventBySlug(REMOVED).title.en;
    expect(await searchTitles(title)).toContain(title);
    const pagesBefore = await indexedPages();
    eventBySlug(REMOVED)._status = "draft";
    await publish({ collection: "events", id: eventBySlug(REMOVED).id, operation: "unpublish" });
    expect(await searchTitles(title)).not.toContain(title);
    // Its page in each locale left the index.
    expect(await indexedPages()).toBe(pagesBefore - 3);
  });
});
