import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Payload } from "payload";
import type { LocaleCode } from "@cica/schema";
import { startRecordingBuildHook, type RecordingBuildHook } from "./setup/buildHook";
import { startPayload } from "./setup/payload";
import { createStaff } from "./setup/users";
import { chinese, englishEvent, russian } from "./setup/sampleEvent";
import { sideEffectsOff } from "../src/lib/context";

// Which writes queue a "site changed" notice. The queue is not run here
// (CMS_JOBS_AUTORUN=false), so every notice stays in payload-jobs to be read.

let payload: Payload;
let staff: Awaited<ReturnType<typeof createStaff>>;
type Row = Record<string, any>;

// Where the queue delivers notices in the last test: an HTTP listener in the build service's
// place that records each notice it receives and accepts it.
let hook: RecordingBuildHook;

beforeAll(async () => {
  hook = await startRecordingBuildHook();
  process.env.BUILD_HOOK_URL = hook.url;
  payload = await startPayload("notices");
  staff = await createStaff(payload);
});
afterAll(async () => {
  await payload?.destroy();
  await hook?.close();
});

async function notices(): Promise<Row[]> {
  const { docs } = await payload.find({
    collection: "payload-jobs",
    where: { taskSlug: { equals: "notifySiteBuild" } },
    sort: "createdAt",
    limit: 100,
    depth: 0,
    overrideAccess: true,
  });
  return docs.map((job: Row) => job.input);
}
beforeEach(async () => {
  await payload.delete({ collection: "payload-jobs", where: { taskSlug: { equals: "notifySiteBuild" } }, overrideAccess: true });
});

const as = () => ({ user: staff.editor, overrideAccess: false, depth: 0 }) as const;

async function draftEvent(slug: string): Promise<Row> {
  const doc = (await payload.create({
    collection: "events",
    data: { ...englishEvent(slug), _status: "draft" } as never,
    draft: true,
    locale: "en",
    ...as(),
  })) as Row;
  await payload.update({
    collection: "events",
    id: doc.id,
    locale: "ru",
    draft: true,
    data: { ...russian, _status: "draft" } as never,
    ...as(),
  });
  await payload.update({
    collection: "events",
    id: doc.id,
    locale: "zh",
    draft: true,
    data: { ...chinese, _status: "draft" } as never,
    ...as(),
  });
  return doc;
}
const publish = (id: string, locale: LocaleCode = "en", data: Row = {}) =>
  payload.update({ collection: "events", id, locale, data: { ...data, _status: "published" } as never, ...as() });

describe("build notices", () => {
  it("draft saves and autosaves queue nothing", async () => {
    const doc = await draftEvent("notice-drafts");
    await payload.update({
      collection: "events",
      id: doc.id,
      locale: "en",
      draft: true,
      autosave: true,
      data: { summary: "Autosaved." } as never,
      ...as(),
    });
    expect(await notices()).toEqual([]);
  });

  it("publishing queues one notice for every language; a later translation change names only its language", async () => {
    const doc = await draftEvent("notice-publish");
    await publish(doc.id);
    expect(await notices()).toEqual([
      expect.objectContaining({ collection: "events", id: doc.id, operation: "publish", locales: ["en", "ru", "zh"] }),
    ]);
    await publish(doc.id, "ru", { title: "Новое название" });
    expect((await notices())[1]).toMatchObject({ operation: "update", locales: ["ru"] });
    await publish(doc.id, "en", { city: "Almaty" });
    expect((await notices())[2]).toMatchObject({ operation: "update", locales: ["en", "ru", "zh"] });
  });

  it("a draft saved over a published event queues nothing; unpublishing and deleting it do", async () => {
    const doc = await draftEvent("notice-unpublish");
    await publish(doc.id);
    await payload.update({
      collection: "events",
      id: doc.id,
      locale: "en",
      draft: true,
      data: { title: "Draft only", _status: "draft" } as never,
      ...as(),
    });
    expect(await notices()).toHaveLength(1);
    await payload.update({ collection: "events", id: doc.id, locale: "en", data: { _status: "draft" } as never, ...as() });
    expect((await notices())[1]).toMatchObject({ id: doc.id, operation: "unpublish" });
    await publish(doc.id);
    await payload.delete({ collection: "events", id: doc.id, ...as() });
    expect((await notices()).map((n) => n.operation)).toEqual(["publish", "unpublish", "publish", "delete"]);
  });

  it("deleting a draft that was never published queues nothing", async () => {
    const doc = await draftEvent("notice-delete-draft");
    await payload.delete({ collection: "events", id: doc.id, ...as() });
    expect(await notices()).toEqual([]);
  });

  it("an organisation queues a notice only while a published event names it as host", async () => {
    const org = (await payload.create({
      collection: "organizations",
      data: { name: "Notice Test Ministry" } as never,
      locale: "en",
      ...as(),
    })) as Row;
    await payload.update({ collection: "organizations", id: org.id, locale: "en", data: { acronym: "NTM" } as never, ...as() });
    expect(await notices()).toEqual([]);
    const doc = await draftEvent("notice-org");
    await publish(doc.id, "en", { hosts: [org.id] });
    await payload.update({ collection: "organizations", id: org.id, locale: "ru", data: { name: "Министерство" } as never, ...as() });
    expect((await notices()).at(-1)).toMatchObject({ collection: "organizations", id: org.id, operation: "update" });
  });

  it("a site settings draft queues nothing; publishing it queues a notice", async () => {
    await payload.updateGlobal({ slug: "site-settings", locale: "en", draft: true, data: { tagline: "Not yet" } as never, ...as() });
    expect(await notices()).toEqual([]);
    await payload.updateGlobal({
      slug: "site-settings",
      locale: "en",
      data: { siteName: "CICA Events", tagline: "Now", _status: "published" } as never,
      ...as(),
    });
    expect(await notices()).toEqual([expect.objectContaining({ collection: "site-settings", operation: "update" })]);
  });

  it("each change's notice carries one key: a job the queue runs twice delivers that key twice, a second change another (issue 9 item 4)", async () => {
    const doc = await draftEvent("notice-key");
    await publish(doc.id);
    await publish(doc.id, "en", { summary: "Changed once more." });
    const { docs: jobs } = await payload.find({
      collection: "payload-jobs",
      where: { taskSlug: { equals: "notifySiteBuild" } },
      sort: "createdAt",
      depth: 0,
      overrideAccess: true,
    });
    expect(jobs).toHaveLength(2);
    hook.delivered.length = 0;
    // Two runners pick up the first job at the same moment (the cron and the kick after a save).
    await Promise.all([payload.jobs.runByID({ id: jobs[0]!.id }), payload.jobs.runByID({ id: jobs[0]!.id })]);
    await payload.jobs.runByID({ id: jobs[1]!.id });
    expect(hook.delivered).toHaveLength(3);
    const [first, again, second] = hook.delivered.map((notice) => notice.key as string | undefined);
    expect(first).toMatch(new RegExp(`^events/${doc.id}/publish@`));
    expect(again).toBe(first);
    expect(second).toMatch(new RegExp(`^events/${doc.id}/update@`));
    expect(second).not.toBe(first);
  });

  it("site settings changes queue a notice; writes with side effects off queue nothing", async () => {
    await payload.updateGlobal({
      slug: "site-settings",
      locale: "en",
      data: { siteName: "CICA Events", tagline: "Announcements", _status: "published" } as never,
      ...as(),
    });
    expect(await notices()).toEqual([expect.objectContaining({ collection: "site-settings", operation: "update" })]);
    const doc = await draftEvent("notice-quiet");
    await payload.update({
      collection: "events",
      id: doc.id,
      locale: "en",
      data: { _status: "published" } as never,
      context: { ...sideEffectsOff },
      ...as(),
    });
    expect(await notices()).toHaveLength(1);
  });
});
