// The build service with the real site build (@cica/site's buildSite through
// createSiteBuild) and a stand-in CMS: notices about events extend the live
// build; the draft preview renders with the real templates and writes nothing.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { SIGNATURE_HEADER, signedJsonPost } from "@cica/schema/signature";
import { backgroundWork, stateWritten } from "@cica/site";
import { sampleSnapshot } from "@cica/site/testing";
import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SiteService } from "../src/service.js";
import { htmlPages } from "../src/store.js";
import { startWithStandInCms, type StandInCmsSite } from "./sample-site.js";
import { notice, postSigned, SECRET } from "./helpers.js";

const E = (n: number) => `64f0000000000000000000e${n}`;

/** relative path → sha256, for every file under dir. */
async function treeHashes(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    out.set(
      relative(dir, file),
      createHash("sha256")
        .update(await readFile(file))
        .digest("hex"),
    );
  }
  return out;
}

let cms: StandInCmsSite["cms"];
let service: SiteService;
let root: string;
let site: StandInCmsSite | undefined;
const snapshot = sampleSnapshot();
const logs: string[] = [];
const page = (path: string) => fetch(`${service.siteUrl}${path}`);
const eventById = (id: string) => {
  const event = snapshot.events.find((e) => e.id === id);
  if (!event) throw new Error(`the sample has no event ${id}`);
  return event;
};

beforeAll(async () => {
  site = await startWithStandInCms({ prefix: "cica-site-service-real-", snapshot, log: (line) => logs.push(line) });
  ({ cms, service, root } = site);
  expect((await service.builder.liveRecord())?.mode).toBe("full");
}, 120_000);

afterAll(async () => {
  await site?.stop();
});

async function publish(body: Record<string, unknown>) {
  const response = await postSigned(service.builderUrl, notice(body));
  expect(response.status).toBe(202);
  await service.builder.idle();
  return service.builder.liveRecord();
}

describe("a notice about an event", () => {
  it("extends the live build: the changed page is served, the previous build is untouched", async () => {
    const before = String(await service.builder.store.liveBuildId());
    const beforeHashes = await treeHashes(service.builder.store.buildDir(before));
    eventById(E(3)).title.ru = "Молодёжный форум СВМДА (обновлено)";
    cms.requests.length = 0;

    const record = await publish({ collection: "events", id: E(3), operation: "update" });
    if (!record) throw new Error("nothing is live");
    expect(record.status).toBe("success");
    expect(record.mode).toBe("partial");
    expect(record.id).not.toBe(before);
    expect(await (await page("/ru/events/cica-youth-forum/")).text()).toContain("(обновлено)");
    // Only the event was asked for: no listing of every event.
    expect(cms.requests.filter((r) => r.startsWith("/api/events"))).toEqual([`/api/events/${E(3)}?locale=all&depth=0`]);
    expectSameMap(await treeHashes(service.builder.store.buildDir(before)), beforeHashes);
    expect(record.changesAt).toEqual([]); // every sample event is in the past by now
    // The page list the service derived from the build's changes is the folder's.
    expect(record.htmlPages).toBe((await htmlPages(service.builder.store.buildDir(record.id))).size);
  }, 60_000);

  it("takes an unpublished event off the site", async () => {
    eventById(E(4))._status = "draft";
    const record = await publish({ collection: "events", id: E(4), operation: "unpublish" });
    if (!record) throw new Error("nothing is live");
    expect(record.mode).toBe("partial");
    expect((await page("/en/events/workshop-on-energy-security/")).status).toBe(404);
    expect(await (await page("/en/events/")).text()).not.toContain("workshop-on-energy-security");
    expect(record.htmlPages).toBe((await htmlPages(service.builder.store.buildDir(record.id))).size);
  }, 60_000);

  it("rebuilds everything for a settings change", async () => {
    snapshot.settings.siteName.en = "CICA Events (renamed)";
    const record = await publish({ collection: "globals", id: "site-settings", operation: "update" });
    expect(record?.mode).toBe("full");
    expect(await (await page("/en/")).text()).toContain("CICA Events (renamed)");
  }, 60_000);

  it("keeps a state file for each kept build only, outside the served folders", async () => {
    await stateWritten();
    const kept = await service.builder.store.buildFolders();
    const states = (await readdir(service.builder.store.stateDir)).filter((name) => name.endsWith(".json") && name !== "memo.json").sort();
    expect(states).toEqual(kept.map((id) => `${id}.json`).sort());
    for (const id of kept) expect(existsSync(join(service.builder.store.buildDir(id), `${id}.json`))).toBe(false);
  });
});

describe("the draft preview", () => {
  const draft = (): Record<string, unknown> => ({
    ...structuredClone(eventById(E(3))),
    _status: "draft",
    title: { en: "Youth Forum draft", ru: "Черновик форума", zh: "论坛草稿" },
  });
  const post = (body: object, headers: Record<string, string> = {}) =>
    fetch(`${service.builderUrl}/preview`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
  const signedPost = (body: object) => signedJsonPost(`${service.builderUrl}/preview`, body, SECRET);

  it("renders the draft with the real templates, marked as a preview and not indexed, and writes nothing", async () => {
    const dataDir = join(root, "data");
    await backgroundWork();
    const before = await treeHashes(dataDir);
    const response = await signedPost({ event: draft(), locale: "zh" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(html).toContain("<h1>论坛草稿</h1>");
    expect(html).toContain("预览——尚未发布");
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain('<html lang="zh-Hans">');
    // Organisations come from the live content: the host's Chinese name.
    expect(html).toContain("亚信秘书处");
    // As valid as the published pages (the same rules as test/output.test.js).
    const validator = new HtmlValidate({
      extends: ["html-validate:recommended"],
      rules: { "long-title": "off", "tel-non-breaking": ["error", { ignoreClasses: ["tel"] }] },
    });
    const report = await validator.validateString(html);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
    const after = await treeHashes(dataDir);
    expectSameMap(after, before);
    // The live page is what was published, not the draft.
    expect(await (await page("/zh/events/cica-youth-forum/")).text()).not.toContain("论坛草稿");
  }, 60_000);

  it("answers 400 with the formatter's lines, naming the field and the locale, for an invalid draft", async () => {
    const invalid = draft();
    invalid.summary = { en: "Fine", ru: 42 };
    const response = await signedPost({ event: invalid, locale: "ru" });
    expect(response.status).toBe(400);
    expect((await response.json()).errors.some((line: string) => line.startsWith(`events/${E(3)} · ru · summary:`))).toBe(true);

    const unknownHost = { ...draft(), hosts: ["64f00000000000000000dead"] };
    const second = await signedPost({ event: unknownHost, locale: "en" });
    expect(second.status).toBe(400);
    expect((await second.json()).errors).toContain(
      `events/${E(3)} · hosts[0]: organisation 64f00000000000000000dead does not exist or is not published`,
    );
  });

  it("takes an organisation added since the last build from the CMS", async () => {
    snapshot.organizations.push({
      ...structuredClone(snapshot.organizations[0]),
      id: "64f0000000000000000000o9",
      name: { en: "New partner", ru: "Новый партнёр", zh: "新伙伴" },
    });
    const response = await signedPost({ event: { ...draft(), hosts: ["64f0000000000000000000o9"] }, locale: "ru" });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Новый партнёр");
  });

  it("answers 400 for an unknown locale and 401 for a missing or wrong signature", async () => {
    const unknown = await signedPost({ event: draft(), locale: "fr" });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).field).toBe("locale");
    expect((await post({ event: draft(), locale: "en" })).status).toBe(401);
    expect(
      (await post({ event: draft(), locale: "en" }, { [SIGNATURE_HEADER]: `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}` }))
        .status,
    ).toBe(401);
  });
});

function expectSameMap(actual: Map<string, string>, expected: Map<string, string>) {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  expect([...expected].filter(([k, v]) => actual.get(k) !== v).map(([k]) => k)).toEqual([]);
}
