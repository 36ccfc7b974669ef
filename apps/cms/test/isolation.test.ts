import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleEndpoints, type Payload } from "payload";
import { startSiteService, type SiteService } from "@cica/builder";
import { startPayload } from "./setup/payload";
import { createStaff, password } from "./setup/users";
import { englishEvent, russian } from "./setup/sampleEvent";

// Issue 9, isolation: an event written straight into the database, around the
// CMS's contract, reaches the real build service and the real site build. The
// rest of the site still goes live; that event is reported as failed on that
// event ("Published, not live: …" in the admin's data) until a build of it
// succeeds. The CMS's REST handlers are served over HTTP by a plain node server
// (the same handlers the Next routes wrap), so no production build is needed.

type Row = Record<string, any>;

let payload: Payload;
let server: Server;
let cmsUrl: string;
let service: SiteService;
let token: string;
const dataDir = mkdtempSync(path.join(tmpdir(), "cica-isolation-site-"));
const quiet = { overrideAccess: true, context: { sideEffects: false }, depth: 0 } as const;

/** Payload's REST handlers over HTTP. */
function serveRest(): Promise<string> {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = `http://127.0.0.1${req.url ?? "/"}`;
    const headers = new Headers(
      Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])),
    );
    const request = new Request(url, {
      method: req.method,
      headers,
      body: chunks.length && req.method !== "GET" ? Buffer.concat(chunks) : undefined,
    });
    const response = await handleEndpoints({ config: payload.config, request, path: new URL(url).pathname });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)),
  );
}

async function api(pathname: string): Promise<Row> {
  const res = await fetch(`${cmsUrl}${pathname}`, { headers: { authorization: `JWT ${token}` } });
  expect(res.status, pathname).toBe(200);
  return (await res.json()) as Row;
}

/** The live build as the CMS recorded it, once the build service's report of a build after `after` has arrived. */
async function liveBuildAfter(after: string | null): Promise<Row> {
  for (;;) {
    await service.builder.idle();
    const { docs } = await payload.find({
      collection: "builds",
      where: { live: { equals: true } },
      sort: "-startedAt",
      limit: 1,
      ...quiet,
    });
    const live = docs[0] as Row | undefined;
    if (live && live.buildId !== after) return live;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const valid = [englishEvent("isolation-valid-one"), englishEvent("isolation-valid-two")];
let brokenId: string;

beforeAll(async () => {
  payload = await startPayload("isolation");
  await createStaff(payload);
  ({ token } = (await payload.login({ collection: "users", data: { email: "editor@test.local", password } })) as { token: string });
  cmsUrl = await serveRest();
  await payload.updateGlobal({
    slug: "site-settings",
    data: { siteName: "CICA Events", defaultTimeZone: "Asia/Almaty", _status: "published" } as never,
    locale: "en",
    ...quiet,
  });
  for (const event of valid)
    await payload.create({ collection: "events", data: { ...event, _status: "published" } as never, locale: "en", ...quiet });
  // Written around the CMS: only Russian texts, published. The CMS itself refuses this (test/contract.test.ts).
  const {
    title: _t,
    city: _c,
    venue: _v,
    summary: _s,
    targetAudience: _a,
    objectives: _o,
    contacts: _k,
    ...shared
  } = englishEvent("isolation-broken");
  const broken = (await payload.db.create({
    collection: "events",
    data: { ...shared, title: { ru: russian.title }, city: { ru: russian.city }, _status: "published", revision: 0 },
    req: undefined as never,
  })) as Row;
  brokenId = String(broken.id);
  service = await startSiteService({
    dataDir,
    secret: process.env.BUILD_HOOK_SECRET ?? "",
    builderPort: 0,
    sitePort: 0,
    cmsUrl,
    siteUrl: "http://localhost:8080",
    quietMs: 50,
    minIntervalMs: 50,
    preview: false,
    log: () => {},
  });
}, 300_000);

afterAll(async () => {
  await service?.stop();
  await new Promise((r) => server?.close(r));
  await payload?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("an event written around the CMS", () => {
  let first: Row;

  it("does not stop the build: the other events go live, in every locale", async () => {
    first = await liveBuildAfter(null);
    expect(first.status).toBe("success");
    for (const locale of ["en", "ru", "zh"]) {
      for (const event of valid) {
        const res = await fetch(`${service.siteUrl}/${locale}/events/${event.slug}/`);
        expect(res.status, `${locale} ${event.slug}`).toBe(200);
      }
      expect((await fetch(`${service.siteUrl}/${locale}/events/isolation-broken/`)).status).toBe(404);
    }
  });

  it("is reported as failed on that event, with the reason naming field and locale", async () => {
    expect(first.failures).toEqual([
      expect.objectContaining({
        collection: "events",
        id: brokenId,
        label: "isolation-broken",
        kept: false,
        errors: [`events/${brokenId} · en · title: is required`],
      }),
    ]);
    // What the admin reads: the event's edit view and the events list (the notLive column), and the build status.
    const doc = await api(`/api/events/${brokenId}?depth=0`);
    expect(doc.notLive).toEqual({ reason: `events/${brokenId} · en · title: is required`, kept: false });
    const list = await api(`/api/events?depth=0&limit=10&sort=slug`);
    const bySlug = new Map((list.docs as Row[]).map((d) => [d.slug, d.notLive ?? null]));
    expect(bySlug.get("isolation-broken")).toMatchObject({ reason: expect.stringContaining("title: is required") });
    for (const event of valid) expect(bySlug.get(event.slug)).toBeNull();
    const status = await api(`/api/builds?where[live][equals]=true&sort=-startedAt&limit=1&depth=0`);
    expect(status.docs[0].failures.map((f: Row) => f.id)).toEqual([brokenId]);
  });

  it("visitors do not see why", async () => {
    const res = await fetch(`${cmsUrl}/api/events/${brokenId}?depth=0`);
    expect(((await res.json()) as Row).notLive ?? null).toBeNull();
  });

  it("stays reported while other builds go live, and clears once a build of it succeeds", async () => {
    await payload.update({
      collection: "events",
      id: (await payload.find({ collection: "events", where: { slug: { equals: valid[0]!.slug } }, ...quiet })).docs[0]!.id,
      data: { summary: "Changed" } as never,
      locale: "en",
      ...quiet,
    });
    service.builder.notify({ collection: "organizations", id: "any", operation: "update" });
    const second = await liveBuildAfter(first.buildId);
    expect(second.failures.map((f: Row) => f.id)).toEqual([brokenId]);
    expect((await api(`/api/events/${brokenId}?depth=0`)).notLive?.reason).toMatch(/title: is required/);

    await payload.update({
      collection: "events",
      id: brokenId,
      data: { title: "Fixed in English", city: "Astana", _status: "published" } as never,
      locale: "en",
      ...quiet,
    });
    service.builder.notify({ collection: "events", id: brokenId, operation: "update" });
    const third = await liveBuildAfter(second.buildId);
    expect(third.failures).toEqual([]);
    expect((await api(`/api/events/${brokenId}?depth=0`)).notLive ?? null).toBeNull();
    const page = await fetch(`${service.siteUrl}/en/events/isolation-broken/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Fixed in English");
  });
});
