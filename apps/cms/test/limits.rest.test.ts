import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Payload } from "payload";
import { limits } from "@cica/schema";
import { suiteEnv } from "./setup/payload";
import { bodyOf, login, startCms, type RunningCms } from "./setup/server";
import { createStaff, password } from "./setup/users";
import { englishEvent } from "./setup/sampleEvent";
import { nestedRichTextJson, richTextWithLink } from "./setup/richText";

// The limits as a client meets them over HTTP against the production build:
// request bodies are bounded before they are read whole, and every refused
// field is a 400 naming the field and the language — never a 500.

let cms: RunningCms;
let payload: Payload;
let editor: string;

beforeAll(async () => {
  const env = suiteEnv("limits-rest");
  cms = await startCms(env);
  Object.assign(process.env, env);
  const { getPayload } = await import("payload");
  const { default: config } = await import("../src/payload.config");
  payload = await getPayload({ config });
  await createStaff(payload);
  editor = await login(cms.url, "editor@test.local", password);
});
afterAll(async () => {
  await payload?.destroy();
  await cms?.stop();
});

type Row = Record<string, any>;

async function post(path: string, content: BodyInit, headers: Record<string, string> = { "content-type": "application/json" }) {
  const res = await fetch(`${cms.url}${path}`, { method: "POST", headers: { Authorization: editor, ...headers }, body: content });
  const body = await bodyOf(res);
  return { status: res.status, body, messages: JSON.stringify(body) };
}

const json = (value: unknown) => JSON.stringify(value);

describe("request bodies", () => {
  it("answers a JSON body over the limit with 413 and stores nothing", async () => {
    const summary = "s".repeat(limits.jsonBodyBytes + 1);
    const res = await post("/api/events?locale=en&draft=true", json({ title: "Oversized body", summary, _status: "draft" }));
    expect(res.status).toBe(413);
    expect(res.messages).toMatch(/larger than 2 MB/);
    const found = await fetch(`${cms.url}/api/events?draft=true&where[title][equals]=Oversized%20body`, {
      headers: { Authorization: editor },
    });
    expect(((await found.json()) as Row).totalDocs).toBe(0);
  });

  it("answers a 5 MB title with 413 whatever the body's declared length, and a 1 MB one with 400 naming title and language", async () => {
    const huge = json({ ...englishEvent("rest-huge-title"), title: "x".repeat(5 * 1024 * 1024), _status: "published" });
    expect((await post("/api/events?locale=en", huge)).status).toBe(413);
    // Chunked, without Content-Length: refused as the stream passes the limit.
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(huge));
        controller.close();
      },
    });
    const streamed = await fetch(`${cms.url}/api/events?locale=en`, {
      method: "POST",
      headers: { Authorization: editor, "content-type": "application/json" },
      body: chunked,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);

    const published = await post(
      "/api/events?locale=en",
      json({ ...englishEvent("rest-long-title"), title: "x".repeat(1024 * 1024), _status: "published" }),
    );
    expect(published.status).toBe(400);
    expect(published.messages).toMatch(/title \[en\]: must be at most \d+ characters/);
    const draft = await post("/api/events?locale=ru&draft=true", json({ title: "ж".repeat(1000), _status: "draft" }));
    expect(draft.status).toBe(400);
    expect(draft.messages).toMatch(/title \[ru\]: must be at most \d+ characters/);
  });

  it("refuses a text/plain body with 415 naming the type to send, and stores nothing", async () => {
    const res = await post("/api/events?locale=en&draft=true", json({ title: "Plain text body", _status: "draft" }), {
      "content-type": "text/plain",
    });
    expect(res.status).toBe(415);
    expect(res.messages).toMatch(/application\/json/);
    const found = await fetch(`${cms.url}/api/events?draft=true&where[title][equals]=Plain%20text%20body`, {
      headers: { Authorization: editor },
    });
    expect(((await found.json()) as Row).totalDocs).toBe(0);
  });

  it("refuses JSON nested 100,000 levels deep with 400, not a stack overflow", async () => {
    const deep = `{"title":"Deep JSON","_status":"draft","summary":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const res = await post("/api/events?locale=en&draft=true", deep);
    expect(res.status).toBe(400);
    expect(res.messages).toMatch(/nested more than \d+ levels deep/);
  });

  it("refuses an update with a text/plain body with 415 and leaves the document as it was", async () => {
    const created = await post("/api/events?locale=en&draft=true", json({ title: "Plain update target", _status: "draft" }));
    expect(created.status).toBe(201);
    const id = created.body.doc.id as string;
    const res = await fetch(`${cms.url}/api/events/${id}?locale=en&draft=true`, {
      method: "PATCH",
      headers: { Authorization: editor, "content-type": "text/plain" },
      body: json({ title: "Changed by a plain body" }),
    });
    expect(res.status).toBe(415);
    const after = await fetch(`${cms.url}/api/events/${id}?locale=en&draft=true&depth=0`, { headers: { Authorization: editor } });
    expect(((await after.json()) as Row).title).toBe("Plain update target");
  });

  it("refuses an upload over the file size limit with 413", async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(limits.uploadBytes + 1)], { type: "application/pdf" }), "big.pdf");
    form.append("_payload", json({}));
    const res = await post("/api/media?locale=en", form, {});
    expect(res.status).toBe(413);
  });
});

describe("fields over REST", () => {
  it("refuses rich text 3,000 levels deep with 400, not a stack overflow", async () => {
    const res = await post("/api/events?locale=en&draft=true", nestedRichTextJson("Very deep body", 3000));
    expect(res.status).toBe(400);
    expect(res.messages).toMatch(/body \[en\]: must be nested at most \d+ levels deep/);
  });

  it("refuses a javascript: link in rich text and a typed invalid slug with 400", async () => {
    const link = await post(
      "/api/events?locale=en&draft=true",
      json({ title: "Bad link", body: richTextWithLink("javascript:alert(1)"), _status: "draft" }),
    );
    expect(link.status).toBe(400);
    expect(link.messages).toMatch(/body \[en\]: the link/);
    const slug = await post("/api/events?locale=en", json({ ...englishEvent("Upper Case/../x"), _status: "published" }));
    expect(slug.status).toBe(400);
    expect(slug.messages).toMatch(/slug \[all languages\]: \\"Upper Case\/\.\.\/x\\" must be lower-case words/);
  });

  it("refuses rich text nested 100 levels deep with 400 naming the field and language", async () => {
    const res = await post("/api/events?locale=en&draft=true", nestedRichTextJson("Deep body", 100));
    expect(res.status).toBe(400);
    expect(res.messages).toMatch(/body \[en\]: must be nested at most \d+ levels deep/);
  });

  it("refuses a country code that is not in the list with 400 naming country", async () => {
    const res = await post("/api/events?locale=en", json({ ...englishEvent("rest-country-zz"), country: "ZZ", _status: "published" }));
    expect(res.status).toBe(400);
    expect(res.messages).toMatch(/country \[all languages\]: \\"ZZ\\" is not/);
  });

  it("refuses a where query nested below its operator with 400 naming the parameter", async () => {
    const res = await fetch(`${cms.url}/api/events?where[id][in][a][b]=1`, { headers: { Authorization: editor } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await bodyOf(res))).toMatch(/where\[id\]\[in\]/);
    // A list of values under the operator is still a query.
    const list = await fetch(`${cms.url}/api/events?where[id][in][0]=000000000000000000000000&where[id][in][1]=000000000000000000000001`, {
      headers: { Authorization: editor },
    });
    expect(list.status).toBe(200);
  });

  it("refuses an SVG upload", async () => {
    const form = new FormData();
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>';
    form.append("file", new Blob([svg], { type: "image/svg+xml" }), "logo.svg");
    form.append("_payload", json({ alt: "Logo" }));
    const res = await post("/api/media?locale=en", form, {});
    expect(res.status).toBe(400);
  });
});
