import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Payload } from "payload";
import { Event, Media, Organization, SiteSettings, parseDocument } from "@cica/schema";
import { suiteEnv } from "./setup/payload";
import { bodyOf, login, startCms, type RunningCms } from "./setup/server";
import { createStaff, password } from "./setup/users";
import { chinese, englishEvent, russian } from "./setup/sampleEvent";

// REST over real HTTP against the production build (`next start`), seeded on
// its first start exactly as `npm start` does, and the contract the public
// site depends on: every endpoint parsed with the schema package.

let cms: RunningCms;
let payload: Payload;
let auth: { editor: string; translator: string; admin: string };

beforeAll(async () => {
  const env = { ...suiteEnv("rest"), CMS_SEED_ON_EMPTY: "true", CMS_JOBS_AUTORUN: "true", CMS_JOBS_CRON: "* * * * * *" };
  cms = await startCms(env);
  // A second Payload on the same database, for setting up accounts.
  Object.assign(process.env, env, { CMS_JOBS_AUTORUN: "false", CMS_SEED_ON_EMPTY: "false" });
  const { getPayload } = await import("payload");
  const { default: config } = await import("../src/payload.config");
  payload = await getPayload({ config });
  await createStaff(payload);
  auth = {
    editor: await login(cms.url, "editor@test.local", password),
    translator: await login(cms.url, "translator.ru@test.local", password),
    admin: await login(cms.url, "admin@test.local", password),
  };
});
afterAll(async () => {
  await payload?.destroy();
  await cms?.stop();
});

type Row = Record<string, any>;

async function api(path: string, init: RequestInit & { auth?: string; json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (init.auth) headers.set("Authorization", init.auth);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  const res = await fetch(`${cms.url}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  return { status: res.status, body: await bodyOf(res) };
}

function parseAll(schema: Parameters<typeof parseDocument>[0], collection: string, docs: unknown[]) {
  return docs.flatMap((doc) => {
    const parsed = parseDocument(schema, collection, doc);
    return parsed.ok ? [] : parsed.lines;
  });
}

describe("the site's contract (locale=all, depth=0, parsed with @cica/schema)", () => {
  it("events, organisations, media and site settings all parse", async () => {
    const events = await api("/api/events?locale=all&depth=0&where[_status][equals]=published&limit=100&page=1");
    expect(events.status).toBe(200);
    expect(events.body.docs.length).toBeGreaterThanOrEqual(7);
    expect(parseAll(Event, "events", events.body.docs)).toEqual([]);

    const orgs = await api("/api/organizations?locale=all&depth=0&limit=100");
    expect(orgs.status).toBe(200);
    expect(parseAll(Organization, "organizations", orgs.body.docs)).toEqual([]);

    const media = await api("/api/media?locale=all&depth=0");
    expect(media.status).toBe(200);
    expect(parseAll(Media, "media", media.body.docs)).toEqual([]);

    const settings = await api("/api/globals/site-settings?locale=all&depth=0");
    expect(settings.status).toBe(200);
    const parsed = SiteSettings.parse(settings.body);
    expect(parsed.banner?.text?.en).toBe("Inauguration of the new CICA Headquarters in Astana");
    expect(parsed.banner?.enabled).toBe(true);
  });

  it("serves the seeded source announcement in three languages with its hosts in order", async () => {
    const res = await api("/api/events?locale=all&depth=0&where[slug][equals]=cica-seminar-on-green-and-low-carbon-city-development");
    const event = Event.parse(res.body.docs[0]);
    expect(event.title.zh).toBe("亚信绿色低碳城市发展研讨会");
    expect(event.startsAt).toBe("2022-10-31T05:00:00.000Z");
    expect(event.timeZone).toBe("Asia/Shanghai");
    expect(event.revision).toBe(1);
    expect(event.translationStatus).toEqual({
      en: { complete: true, missing: [] },
      ru: { complete: true, missing: [] },
      zh: { complete: true, missing: [] },
    });
    const orgs = await api(`/api/organizations?locale=en&depth=0&where[id][in]=${event.hosts.join(",")}`);
    const names = event.hosts.map((id) => orgs.body.docs.find((o: Row) => o.id === id)?.name);
    expect(names).toEqual([
      "Ministry of Ecology and Environment of China",
      "Foreign Environmental Cooperation Center of China (China Center for SCO Environmental Cooperation)",
    ]);
  });

  it("uploads an image to local disk with its sizes and a required alt text", async () => {
    const sharp = (await import("sharp")).default;
    const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 20, g: 90, b: 160 } } })
      .png()
      .toBuffer();
    const withoutAlt = new FormData();
    withoutAlt.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), "hq.png");
    withoutAlt.append("_payload", JSON.stringify({}));
    const refused = await api("/api/media?locale=en", { method: "POST", body: withoutAlt, auth: auth.editor });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain("alt [en]: is required for images");

    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), "hq.png");
    form.append("_payload", JSON.stringify({ alt: "The new CICA Headquarters in Astana" }));
    const created = await api("/api/media?locale=en", { method: "POST", body: form, auth: auth.editor });
    expect(created.status).toBe(201);
    const all = await api(`/api/media/${created.body.doc.id}?locale=all&depth=0`);
    const media = Media.parse(all.body);
    expect(media.sizes?.card?.width).toBe(800);
    // The copies the site's srcset uses are WebP (@cica/schema imageSizeSpecs); the picture's own ratio is kept.
    expect(media.sizes?.["hero-800"]).toMatchObject({ width: 800, height: 533, mimeType: "image/webp" });
    expect(media.sizes?.["card-400"]).toMatchObject({ width: 400, height: 225, mimeType: "image/webp" });
    const file = await fetch(`${cms.url}${media.url.replace(/^https?:\/\/[^/]+/, "")}`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toContain("image/png");
  });
});

describe("an editor over REST", () => {
  it("creates a draft in English, adds Russian and Chinese, publishes, and visitors read it", async () => {
    const created = await api("/api/events?locale=en&draft=true", {
      method: "POST",
      auth: auth.editor,
      json: { ...englishEvent("rest-water-meeting"), _status: "draft" },
    });
    expect(created.status).toBe(201);
    const id = created.body.doc.id;
    const rows = created.body.doc.targetAudience as Row[];

    expect((await api(`/api/events/${id}?locale=all&depth=0`)).status).toBe(404);
    const listed = await api("/api/events?locale=en&depth=0&where[slug][equals]=rest-water-meeting");
    expect(listed.body.totalDocs).toBe(0);

    const ru = await api(`/api/events/${id}?locale=ru&draft=true`, {
      method: "PATCH",
      auth: auth.editor,
      json: {
        ...russian,
        targetAudience: rows.map((r, i) => ({ id: r.id, text: ["Водохозяйственные ведомства;", "Научные институты."][i] })),
      },
    });
    expect(ru.status).toBe(200);
    const zh = await api(`/api/events/${id}?locale=zh`, { method: "PATCH", auth: auth.editor, json: { ...chinese, _status: "published" } });
    expect(zh.status).toBe(200);

    const all = await api(`/api/events/${id}?locale=all&depth=0`);
    expect(all.status).toBe(200);
    const event = Event.parse(all.body);
    expect(event.title).toEqual({ en: "CICA Expert Meeting on Water Security", ru: russian.title, zh: chinese.title });
    expect(event.targetAudience.map((r) => r.text.ru)).toEqual(["Водохозяйственные ведомства;", "Научные институты."]);
    expect(event._status).toBe("published");

    const inRussian = await api(`/api/events/${id}?locale=ru&depth=0`);
    expect(inRussian.body.title).toBe(russian.title);
    expect(inRussian.body.translationStatus.ru.missing).toContain("objectives[0]");
  });

  it("gets validation errors that name the field and the language", async () => {
    const res = await api("/api/events?locale=en", {
      method: "POST",
      auth: auth.editor,
      json: { ...englishEvent("rest-invalid"), title: "", onlineUrl: "ftp://example.org/x", _status: "published" },
    });
    expect(res.status).toBe(400);
    const messages = (res.body.errors[0].data.errors as Row[]).map((e) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^title \[en\]: is required/),
        expect.stringMatching(/^onlineUrl \[all languages\]: "ftp:\/\/example.org\/x" must be a full address/),
      ]),
    );
    expect((await api("/api/events?depth=0&where[slug][equals]=rest-invalid&draft=true", { auth: auth.editor })).body.totalDocs).toBe(0);
  });

  it("starts a new edition from a past event", async () => {
    const list = await api("/api/events?locale=en&depth=0&where[slug][equals]=cica-seminar-on-green-and-low-carbon-city-development");
    const res = await api(`/api/events/${list.body.docs[0].id}/duplicate-edition`, { method: "POST", auth: auth.editor });
    expect(res.status).toBe(201);
    const copy = await api(`/api/events/${res.body.doc.id}?locale=all&depth=0&draft=true`, { auth: auth.editor });
    expect(copy.body.slug).toMatch(/^cica-seminar-on-green-and-low-carbon-city-development-20\d\d$/);
    expect(copy.body._status).toBe("draft");
    expect(copy.body.objectives).toHaveLength(4);
    expect(copy.body.contacts[0].phones).toEqual(["+86-10-82268252", "+86-10-82268259"]);
    const denied = await api(`/api/events/${list.body.docs[0].id}/duplicate-edition`, { method: "POST", auth: auth.translator });
    expect(denied.status).toBe(403);
  });
});

describe("access over REST", () => {
  it("anonymous visitors get neither drafts nor users nor the version history", async () => {
    expect((await api("/api/users")).status).toBe(403);
    expect((await api("/api/events?draft=true&where[_status][equals]=draft")).body.totalDocs).toBe(0);
    expect((await api("/api/events/versions")).status).toBe(403);
    expect((await api("/api/events", { method: "POST", json: englishEvent("anon") })).status).toBe(403);
  });

  it("a translator gets 403 with the reason for anything outside their languages and texts", async () => {
    const list = await api("/api/events?locale=en&depth=0&where[slug][equals]=meeting-of-the-cica-special-working-group");
    const id = list.body.docs[0].id;
    const wrong = await api(`/api/events/${id}?locale=zh&draft=true`, { method: "PATCH", auth: auth.translator, json: { title: "新" } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.errors[0].message).toMatch(/only into ru/);
    const shared = await api(`/api/events/${id}?locale=ru&draft=true`, {
      method: "PATCH",
      auth: auth.translator,
      json: { attendance: "online" },
    });
    expect(shared.status).toBe(403);
    expect(shared.body.errors[0].message).toMatch(/shared by all languages.*attendance/);
    const ok = await api(`/api/events/${id}?locale=ru&draft=true`, {
      method: "PATCH",
      auth: auth.translator,
      json: { summary: "Исправленное описание" },
    });
    expect(ok.status).toBe(200);
    const users = await api("/api/users", { auth: auth.translator });
    expect(users.body.docs.map((u: Row) => u.email)).toEqual(["translator.ru@test.local"]);
  });

  it("makes a client wait after five failed sign-ins to one account (test/login.test.ts has the rest)", async () => {
    const attempt = () => api("/api/users/login", { method: "POST", json: { email: "editor@test.local", password: "wrong" } });
    for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(401);
    const waiting = await api("/api/users/login", { method: "POST", json: { email: "editor@test.local", password } });
    expect(waiting.status).toBe(429);
    expect(waiting.body.errors[0].message).toMatch(/too many sign-in attempts/i);
  });
});

describe("anonymous reads of public content, answered from memory (src/lib/publicReadCache.ts)", () => {
  const list = "/api/events?limit=10&locale=en&depth=1";
  const read = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${cms.url}${path}`, { headers });
    return { cache: res.headers.get("x-cms-cache"), body: (await res.json()) as Row };
  };

  it("a repeated read comes from memory, and a change made through another instance shows in the very next read", async () => {
    await read(list);
    const repeated = await read(list);
    expect(repeated.cache).toBe("hit");
    const target = repeated.body.docs[0] as Row;
    const title = `${String(target.title)} (renamed)`;
    // This test's own Payload is a second instance on the same database, with memory of its own.
    await payload.update({
      collection: "events",
      id: target.id,
      locale: "en",
      data: { title, _status: "published" },
      overrideAccess: true,
    });
    const after = await read(list);
    expect(after.cache).toBe("miss");
    expect(after.body.docs.find((d: Row) => d.id === target.id)?.title).toBe(title);
    expect((await read(`/api/events/${target.id}?locale=en&depth=0`)).body.title).toBe(title);
  });

  it("unpublishing through this instance takes the event out of the next anonymous read", async () => {
    const before = await read(list);
    const target = before.body.docs[0] as Row;
    await read(`/api/events/${target.id}?locale=en&depth=0`);
    const unpublished = await api(`/api/events/${target.id}?locale=en`, { method: "PATCH", auth: auth.editor, json: { _status: "draft" } });
    expect(unpublished.status).toBe(200);
    expect((await read(list)).body.docs.map((d: Row) => d.id)).not.toContain(target.id);
    expect((await fetch(`${cms.url}/api/events/${target.id}?locale=en&depth=0`)).status).toBe(404);
    expect(
      (await api(`/api/events/${target.id}?locale=en`, { method: "PATCH", auth: auth.editor, json: { _status: "published" } })).status,
    ).toBe(200);
  });

  it("signed-in reads, drafts, other origins' answers and site settings changes are never mixed up", async () => {
    // Signed in: never from memory, and the editor's draft view is not what visitors get.
    const signedIn = await fetch(`${cms.url}${list}`, { headers: { Authorization: auth.editor } });
    expect(signedIn.headers.get("x-cms-cache")).toBeNull();
    // The settings global: a published change shows in the next anonymous read.
    await read("/api/globals/site-settings?locale=en&depth=0");
    const cached = await read("/api/globals/site-settings?locale=en&depth=0");
    expect(cached.cache).toBe("hit");
    const text = `Banner changed at ${Date.now()}`;
    await payload.updateGlobal({
      slug: "site-settings",
      locale: "en",
      data: { banner: { ...cached.body.banner, text }, _status: "published" },
      overrideAccess: true,
    });
    expect((await read("/api/globals/site-settings?locale=en&depth=0")).body.banner.text).toBe(text);
    // Payload's CORS headers depend on Origin: an answer made for one origin is not given to another.
    const fromSite = await fetch(`${cms.url}${list}`, { headers: { Origin: "https://elsewhere.example" } });
    expect(fromSite.headers.get("x-cms-cache")).toBe("miss");
  });
});

describe("scheduled publishing in the running CMS", () => {
  it("the in-process jobs queue publishes a draft at its time", async () => {
    const created = await api("/api/events?locale=en&draft=true", {
      method: "POST",
      auth: auth.admin,
      json: { ...englishEvent("rest-scheduled"), _status: "draft" },
    });
    const id = created.body.doc.id;
    const me = await api("/api/users/me", { auth: auth.admin });
    await payload.jobs.queue({
      task: "schedulePublish",
      input: { type: "publish", doc: { relationTo: "events", value: id }, user: { relationTo: "users", value: me.body.user.id } },
      waitUntil: new Date(Date.now() + 2000),
    } as never);
    const deadline = Date.now() + 30_000;
    let status = 404;
    while (Date.now() < deadline && status !== 200) {
      await new Promise((r) => setTimeout(r, 500));
      status = (await api(`/api/events/${id}?depth=0`)).status;
    }
    expect(status).toBe(200);
  });
});
