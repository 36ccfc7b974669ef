// @ts-check
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sign, verify } from "../signature.mjs";
import { notice, postSigned, SECRET, startTestService, status, waitFor, waitForIdleLive } from "./helpers.mjs";

// The signing rules themselves are tested once, in packages/schema (signature.test.ts);
// this module only re-exports them, and the tests below check the service applies them.
describe("signature.mjs", () => {
  test("is the shared implementation the CMS signs with", async () => {
    const shared = await import("@cica/schema/signature");
    expect(sign).toBe(shared.sign);
    expect(verify).toBe(shared.verify);
  });
});

describe("POST /hooks/publish", () => {
  /** @type {Awaited<ReturnType<typeof startTestService>>} */
  let t;
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
      return s.builds.length > before && s.builds[0].status === "success" ? s : null;
    });
    expect(s.builds[0].triggers.map((/** @type {any} */ tr) => tr.id)).toContain("accepted-1");
  });

  test("a tampered body is refused with 401 and the reason is logged", async () => {
    const body = notice();
    const raw = JSON.stringify(body);
    const header = (await import("../signature.mjs")).sign(SECRET, raw);
    const tampered = raw.replace('"publish"', '"delete"');
    const response = await fetch(`${t.builder}/hooks/publish`, { method: "POST", headers: { "x-cica-signature": header }, body: tampered });
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
    const send = () => fetch(`${t.builder}/hooks/publish`, { method: "POST", headers: { "x-cica-signature": header }, body: raw });
    expect((await send()).status).toBe(202);
    expect((await send()).status).toBe(409);
    expect(t.logs.some((l) => l.includes("(409)") && l.includes("replayed"))).toBe(true);
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
