import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Payload } from "payload";
import { startRecordingBuildHook, type RecordingBuildHook } from "./setup/buildHook";
import { startPayload } from "./setup/payload";

// Several CMS instances poll one jobs queue. Payload's runner finds the free jobs and then marks
// them taken in a second step, so runners that poll at the same moment used to run the same job
// each (a scheduled publish twice, a build notice twice). Runners here are concurrent calls of
// the queue in one process: the same database calls as two processes, without the timing luck.

// src/pipeline/notice.ts's names; not imported, since that module reads the environment before startPayload sets it.
const BUILD_NOTICE_TASK = "notifySiteBuild";
const BUILD_NOTICE_QUEUE = "site-build";

let payload: Payload;
let hook: RecordingBuildHook;

beforeAll(async () => {
  hook = await startRecordingBuildHook();
  process.env.BUILD_HOOK_URL = hook.url;
  payload = await startPayload("job-claims");
});
afterAll(async () => {
  await payload?.destroy();
  await hook?.close();
});

describe("the jobs queue with several runners", () => {
  it("runs each queued job once when three runners poll at the same moment", async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `events/claim-${i}/publish@1`);
    for (const key of keys) {
      const input = {
        collection: "events",
        id: key.split("/")[1]!,
        operation: "publish",
        locales: ["en"],
        time: new Date().toISOString(),
        key,
      };
      await payload.jobs.queue({ task: BUILD_NOTICE_TASK, queue: BUILD_NOTICE_QUEUE, input: input as never });
    }
    const run = () => payload.jobs.run({ queue: BUILD_NOTICE_QUEUE, limit: 50, silent: true });
    await Promise.all([run(), run(), run()]);
    await run(); // anything a runner left (none should be left) is taken now
    expect(hook.delivered.map((notice) => notice.key).sort()).toEqual([...keys].sort());
    const { docs } = await payload.find({
      collection: "payload-jobs",
      where: { taskSlug: { equals: BUILD_NOTICE_TASK } },
      limit: 100,
      depth: 0,
    });
    expect(docs.filter((job) => !job.completedAt)).toEqual([]);
  });
});

describe("a scheduled publish through the claimed queue", () => {
  it("publishes the draft and completes its job", async () => {
    const { englishEvent } = await import("./setup/sampleEvent");
    const draft = await payload.create({
      collection: "events",
      locale: "en",
      draft: true,
      data: { ...englishEvent("claimed-schedule"), _status: "draft" } as never,
      context: { sideEffects: false },
    });
    const job = await payload.jobs.queue({
      task: "schedulePublish",
      input: { type: "publish", doc: { relationTo: "events", value: String(draft.id) } },
    } as never);
    await payload.jobs.run({ queue: "default", limit: 20 });
    // Payload deletes a job once it completed (deleteJobOnComplete); a job left behind would be unfinished.
    const left = await payload.find({ collection: "payload-jobs", where: { id: { equals: job.id } }, depth: 0 });
    expect(left.docs).toEqual([]);
    expect((await payload.findByID({ collection: "events", id: draft.id, depth: 0 }))._status).toBe("published");
  });
});
