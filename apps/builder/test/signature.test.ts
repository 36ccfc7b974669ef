import { SIGNATURE_HEADER, sign, signedGet, signedGetPayload } from "@cica/schema/signature";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { notice, postRaw, postSigned, SECRET, startTestService, status, waitFor, waitForIdleLive, type TestService } from "./helpers.js";

// The signing rules themselves are tested once, in packages/schema (signature.test.ts);
// the tests below check the service applies them.
describe("POST /hooks/publish", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
    await waitForIdleLive(t.builder);
  });
  afterAll(() => t?.close());

  test("a correctly signed notice is accepted and builds the site", async () => {
    const before = (await status(t.builder)).builds.length;
    const result = await postSigned(t.builder, notice({ id: "accepted-1" }));
    expect(result.status).toBe(202);
    expect(result.body.accepted).toBe(true);
    const s = await waitFor(async () => {
      const s = await status(t.builder);
      return s.builds.length > before && s.builds[0]?.status === "success" ? s : null;
    });
    expect(s.builds[0]?.triggers.map((tr) => tr.id)).toContain("accepted-1");
  });

  test("a tampered body is refused with 401 and the reason is logged", async () => {
    const body = notice();
    const raw = JSON.stringify(body);
    const header = sign(SECRET, raw);
    const tampered = raw.replace('"publish"', '"delete"');
    const response = await postRaw(`${t.builder}/hooks/publish`, tampered, { "content-type": "application/json" }, header);
    expect(response.status).toBe(401);
    expect(t.logs.some((l) => l.includes("(401)") && l.includes("does not match"))).toBe(true);
  });

  test("a missing signature and one made with another secret are refused with 401", async () => {
    expect((await postSigned(t.builder, notice(), { header: null })).status).toBe(401);
    expect((await postSigned(t.builder, notice(), { secret: "not-the-secret" })).status).toBe(401);
    expect(t.logs.some((l) => l.includes("missing X-CICA-Signature"))).toBe(true);
  });

  test("a stale timestamp (six minutes old) is refused with 401", async () => {
    const result = await postSigned(t.builder, notice(), { timestamp: Math.floor(Date.now() / 1000) - 360 });
    expect(result.status).toBe(401);
    expect(result.body.error).toMatch(/old/);
    expect(t.logs.some((l) => l.includes("(401)") && l.includes("s old"))).toBe(true);
  });

  test("the same signed notice sent twice is refused the second time with 409", async () => {
    const body = notice();
    const raw = JSON.stringify(body);
    const header = sign(SECRET, raw);
    const send = () => postRaw(`${t.builder}/hooks/publish`, raw, { "content-type": "application/json" }, header);
    expect((await send()).status).toBe(202);
    expect((await send()).status).toBe(409);
    expect(t.logs.some((l) => l.includes("(409)") && l.includes("replayed"))).toBe(true);
  });

  test("the same change delivered twice (same key, new signature) builds once; a new change builds again", async () => {
    const key = `events/exactly-once/publish@${new Date().toISOString()}`;
    const first = notice({ id: "exactly-once", key });
    expect((await postSigned(t.builder, first)).status).toBe(202);
    await waitFor(async () => {
      const s = await status(t.builder);
      return s.builds.some((b) => b.status !== "running" && b.triggers.some((tr) => tr.id === "exactly-once")) &&
        !s.queue.running &&
        !s.queue.waiting
        ? s
        : null;
    });
    // The queue ran the job again a second later: a different signature, the same change.
    const again = await postSigned(
      t.builder,
      { ...first, time: new Date(Date.now() + 1000).toISOString() },
      { timestamp: Math.floor(Date.now() / 1000) + 1 },
    );
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ accepted: true, duplicate: true });
    // A different change afterwards is built: by then the duplicate would have been built too.
    expect((await postSigned(t.builder, notice({ id: "after-exactly-once", key: `${key}-next` }))).status).toBe(202);
    const s = await waitFor(async () => {
      const s = await status(t.builder);
      return s.builds.some((b) => b.status !== "running" && b.triggers.some((tr) => tr.id === "after-exactly-once")) ? s : null;
    });
    expect(s.builds.filter((b) => b.triggers.some((tr) => tr.id === "exactly-once"))).toHaveLength(1);
    expect(t.logs.some((l) => l.includes("duplicate") && l.includes(key))).toBe(true);
  });

  test("a signed notice with a bad field is refused with 400 naming the field and the locale", async () => {
    const result = await postSigned(t.builder, notice({ locales: ["en", "fr"] }));
    expect(result.status).toBe(400);
    expect(result.body.field).toBe("locales[1]");
    expect(result.body.error).toContain('"fr"');
    const noOperation = await postSigned(t.builder, { collection: "events", id: "x" });
    expect(noOperation.status).toBe(400);
    expect(noOperation.body.field).toBe("operation");
  });

  test("unknown endpoints answer 404 and wrong methods 405", async () => {
    expect((await fetch(`${t.builder}/nope`)).status).toBe(404);
    expect((await fetch(`${t.builder}/hooks/publish`)).status).toBe(405);
  });
});

describe("signed endpoints (issue 8, item 6)", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
    await waitForIdleLive(t.builder);
  });
  afterAll(() => t?.close());

  test.each(["/hooks/publish", "/rebuild", "/rollback", "/preview"])(
    "%s refuses a correctly signed body that is not application/json with 415",
    async (path) => {
      const raw = JSON.stringify(path === "/hooks/publish" ? notice() : {});
      for (const type of ["text/plain", "application/x-www-form-urlencoded", undefined]) {
        const response = await postRaw(`${t.builder}${path}`, raw, type ? { "content-type": type } : {});
        expect(response.status).toBe(415);
        expect((await response.json()).error).toContain("application/json");
      }
      // With the right type the same bytes (signed afresh) are accepted; charset parameters are fine.
      const accepted = await postRaw(`${t.builder}${path}`, raw, { "content-type": "application/json; charset=utf-8" });
      expect(accepted.status).not.toBe(415);
    },
  );

  // Sent together, as an attacker replaying a captured request would: both arrive before either is remembered.
  test("a replayed /rollback is refused with 409 and rolls nothing back a second time", async () => {
    await postSigned(t.builder, notice());
    const before = await waitForIdleLive(t.builder);
    const [oldest] = before.retained.slice(-1);
    const raw = JSON.stringify({ to: oldest });
    const header = sign(SECRET, raw);
    const json = { "content-type": "application/json" };
    const answers = await Promise.all([1, 2].map(() => postRaw(`${t.builder}/rollback`, raw, json, header)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const replay = answers.find((a) => a.status === 409)!; // the status list above has exactly one 409
    expect((await replay.json()).error).toMatch(/replay/);
    const after = await status(t.builder);
    expect(after.builds.filter((b) => b.kind === "rollback")).toHaveLength(1);
  });

  test("a replayed /rebuild is refused with 409 and queues no second build", async () => {
    const raw = JSON.stringify({ reason: `replay check ${Date.now()}` });
    const header = sign(SECRET, raw);
    const json = { "content-type": "application/json" };
    const answers = await Promise.all([1, 2].map(() => postRaw(`${t.builder}/rebuild`, raw, json, header)));
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
    const replay = answers.find((a) => a.status === 409)!; // the status list above has exactly one 409
    expect((await replay.json()).error).toMatch(/replay/);
    // …and one after the first was answered, too.
    expect((await postRaw(`${t.builder}/rebuild`, raw, json, header)).status).toBe(409);
    const s = await waitForIdleLive(t.builder);
    expect(s.builds.filter((b) => b.triggers.some((tr) => tr.collection === "_manual" && tr.id === JSON.parse(raw).reason))).toHaveLength(
      1,
    );
  });

  test("GET /status without a signature shows only health, the live build id and the build whose search index is served", async () => {
    const response = await fetch(`${t.builder}/status`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(["health", "live", "searchIndex"]);
    // The search index is a build id too (or null before the first index), never the queue or history.
    expect(body.searchIndex === null || typeof body.searchIndex === "string").toBe(true);
    expect(body.health).toBe("ok");
    expect(body.live).toBe((await status(t.builder)).live?.id);
  });

  test("the history needs a valid signature over the request; a wrong one is refused with 401", async () => {
    const full = await status(t.builder);
    expect(full.builds.length).toBeGreaterThan(0);
    expect(full.queue).toBeDefined();
    const forged = await signedGet(`${t.builder}/status`, "not-the-secret-at-all-0123456789abc");
    expect(forged.status).toBe(401);
    // A signature for another path does not open this one.
    const other = await fetch(`${t.builder}/status`, { headers: { [SIGNATURE_HEADER]: sign(SECRET, signedGetPayload("/status?other")) } });
    expect(other.status).toBe(401);
  });

  test("a captured status signature cannot be replayed as an empty-bodied command", async () => {
    const header = sign(SECRET, signedGetPayload("/status"));
    const response = await postRaw(`${t.builder}/rollback`, "", { "content-type": "application/json" }, header);
    expect(response.status).toBe(401);
  });
});
