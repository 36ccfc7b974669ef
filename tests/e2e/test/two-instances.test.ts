import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { MongoClient } from "mongodb";
import { englishEvent } from "@cica/fixtures";
import { UPSTREAM_HEADER } from "./roundRobinProxy.js";
import { ADMIN, api, login, waitFor } from "./stack.js";
import { startTwoInstances, type TwoInstances } from "./twoInstances.js";

// Two CMS instances on one database behind one address (issue 13): what an editor signed in through
// the load balancer notices, whichever instance answers, and what the build service receives.

/** A 32×24 PNG (made with sharp), small enough to write inline. */
const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAACAAAAAYCAIAAAAUMWhjAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAMElEQVR4nGM4oaFBU8QwaoHGaBBpjKaiE6MZTWO0qDgxWppqjFY4J0arTI3B3aoAACkKSC59omWiAAAAAElFTkSuQmCC",
  "base64",
);

let two: TwoInstances;
let admin: string;
const [a, b] = [() => two.upstreams[0]!, () => two.upstreams[1]!];

beforeAll(async () => {
  two = await startTwoInstances();
  admin = await login(two.proxyUrl, ADMIN.email, ADMIN.password);
}, 1_200_000);
afterAll(async () => {
  await two?.stop();
});

async function createDraft(slug: string): Promise<string> {
  const created = await api(two.proxyUrl, "POST", "/api/events?locale=en&draft=true&depth=0", {
    token: admin,
    body: { ...englishEvent(slug), _status: "draft" },
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  return created.json.doc.id as string;
}

describe("two CMS instances behind one address", () => {
  test("a session signed in through the proxy is recognised by both instances", async () => {
    const signIn = await fetch(`${two.proxyUrl}/api/users/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
    });
    expect(signIn.status).toBe(200);
    // The browser's session: the cookie the CMS set, sent back on every request.
    const cookie = signIn.headers
      .getSetCookie()
      .find((c) => c.startsWith("payload-token="))!
      .split(";")[0]!;
    const answers = [];
    for (let i = 0; i < 4; i++) {
      // As the admin's own pages send it: same origin (the CMS checks Origin against its allowlist for cookies).
      const me = await fetch(`${two.proxyUrl}/api/users/me`, { headers: { cookie, origin: two.proxyUrl } });
      answers.push({ by: me.headers.get(UPSTREAM_HEADER), email: ((await me.json()) as { user?: { email?: string } }).user?.email });
    }
    expect(new Set(answers.map((answer) => answer.by))).toEqual(new Set(two.upstreams));
    expect(answers.map((answer) => answer.email)).toEqual(Array(4).fill(ADMIN.email));
  });

  test("a sign-in limit reached through instance A holds on instance B", async () => {
    const attempt = (cms: string) => api(cms, "POST", "/api/users/login", { body: { email: ADMIN.email, password: "not-the-password-1" } });
    // Five wrong passwords for one account from one address, all through A …
    for (let i = 0; i < 5; i++) expect((await attempt(a())).status).toBe(401);
    // … and the sixth, through B, waits like it would have on A.
    const sixth = await attempt(b());
    expect(sixth.status).toBe(429);
    expect(sixth.json.errors?.[0]?.message).toMatch(/too many sign-in attempts/i);
  });

  test("an upload through one instance is served by the other", async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), "two-instances.png");
    form.append("_payload", JSON.stringify({ alt: "A red rectangle" }));
    const uploaded = await fetch(`${a()}/api/media?locale=en`, { method: "POST", headers: { authorization: admin }, body: form });
    const created = (await uploaded.json()) as { doc: { id: string } };
    expect(uploaded.status, JSON.stringify(created)).toBe(201);
    // The media document as the site build reads it, from B.
    const doc = (await api(b(), "GET", `/api/media/${created.doc.id}?depth=0`)).json as {
      url: string;
      filename: string;
      sizes: { hero: { url: string } };
    };
    // The address the site build reads it from (the media's url against the CMS address), asked of B.
    // The original as uploaded (PNG) and the "hero" copy the CMS makes of it (WebP: @cica/schema's imageSizeSpecs).
    for (const [url, type] of [
      [doc.url, /^image\/png/],
      [doc.sizes.hero.url, /^image\/webp/],
    ] as const) {
      const served = await fetch(new URL(new URL(url, b()).pathname, b()));
      expect(served.status, url).toBe(200);
      expect(served.headers.get("content-type"), url).toMatch(type);
      if (url === doc.url) expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    }
    // On S3 the file is in the bucket (the instances' own data folders are separate then).
    if (two.s3) expect((await fetch(`${two.s3.endpoint}/${two.s3.bucket}/${doc.filename}`)).status).toBe(200);
  });

  test("a scheduled publish runs once, and the build service gets one notice for it", async () => {
    const id = await createDraft("two-instances-scheduled");
    // What the admin's Schedule button stores (Payload's own schedulePublish task); the jobs REST API
    // refuses creating jobs to everyone, so the test writes the job where the queue reads it.
    const client = await MongoClient.connect(two.databaseUri);
    const jobs = client.db().collection("payload-jobs");
    const now = new Date();
    const { insertedId } = await jobs.insertOne({
      taskSlug: "schedulePublish",
      queue: "default",
      input: { type: "publish", doc: { relationTo: "events", value: id } },
      waitUntil: new Date(now.getTime() + 2000),
      processing: false,
      hasError: false,
      totalTried: 0,
      log: [],
      createdAt: now,
      updatedAt: now,
    });
    // The jobs REST API is closed to reading too; the job is read where it is stored.
    const job = await waitFor(
      "the scheduled publish to complete",
      async () => {
        const stored = await jobs.findOne({ _id: insertedId });
        // Payload deletes a job once it completed (deleteJobOnComplete).
        return stored === null || stored.completedAt ? true : null;
      },
      60_000,
    ).finally(() => client.close());
    expect((await api(two.proxyUrl, "GET", `/api/events/${id}?depth=0`)).status).toBe(200);
    // A barrier: a second event published by hand; once its notice is in, the queue has moved past the first.
    const barrier = await createDraft("two-instances-barrier");
    const published = await api(two.proxyUrl, "PATCH", `/api/events/${barrier}?locale=en&depth=0`, {
      token: admin,
      body: { _status: "published" },
    });
    expect(published.status, JSON.stringify(published.json)).toBe(200);
    await waitFor("the barrier's notice", async () => two.notices.some((notice) => notice.id === barrier));
    expect(job).toBe(true);
    // … the event has one published version …
    const versions = await api(
      two.proxyUrl,
      "GET",
      `/api/events/versions?where[parent][equals]=${id}&where[version._status][equals]=published&depth=0`,
      {
        token: admin,
      },
    );
    expect(versions.json.totalDocs).toBe(1);
    // … and one notice reached the build service for it, as for the barrier.
    expect(two.notices.filter((notice) => notice.id === id)).toHaveLength(1);
    expect(two.notices.filter((notice) => notice.id === barrier)).toHaveLength(1);
  });
});
