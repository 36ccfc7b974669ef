// Issue 9 item 7: serving never waits for building. The build function here blocks the service's
// thread completely (a synchronous child process) until a request to the static server has been
// answered. That can only be answered when the static server does not share the blocked thread.

import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { BuildFunction } from "../src/builder.js";
import { events, jsonSiteBuild } from "./fixtures/json-site.js";
import { notice, postSigned, startTestService, waitForIdleLive, type TestService } from "./helpers.js";

type Answer = { status: number; body: string } | { error: string };

/** Fetches `url` from another process while this thread waits, synchronously, for its answer. */
function fetchWhileThisThreadIsBlocked(url: string): Answer {
  const script = `fetch(process.argv[1]).then(async (r) => ({ status: r.status, body: await r.text() }), (e) => ({ error: String(e) }))
    .then((answer) => process.stdout.write(JSON.stringify(answer)))`;
  // The limit only keeps a failing run from hanging the suite; the test asserts the answer itself.
  const child = spawnSync(process.execPath, ["-e", script, url], { encoding: "utf8", timeout: 20_000 });
  if (!child.stdout) return { error: `no answer (${child.error?.message ?? `exit ${child.status}`})` };
  return JSON.parse(child.stdout) as Answer;
}

let t: TestService;
const answers: Answer[] = [];
beforeAll(async () => {
  let build: BuildFunction = async () => ({ pagesWritten: 0, errors: ["no build before the test service has started"] });
  t = await startTestService({ content: { events: events(3) }, buildOnBoot: false, build: (input) => build(input) });
  // The fixture site, from the test service's content folder: first served, then built while blocked.
  const writeSite = jsonSiteBuild({ contentDir: t.contentDir });
  build = writeSite;
  expect((await postSigned(t.builder, notice())).status).toBe(202);
  await waitForIdleLive(t.builder);
  build = async (input) => {
    answers.push(fetchWhileThisThreadIsBlocked(`${t.site}/en/events/event-2/`));
    return writeSite(input);
  };
});
afterAll(() => t?.close());

test("the static server answers while a build blocks the build service's thread", async () => {
  expect((await postSigned(t.builder, notice())).status).toBe(202);
  await t.service.builder.idle();
  expect(answers).toHaveLength(1);
  expect(answers[0]).toMatchObject({ status: 200, body: expect.stringContaining("Event 2") });
});
