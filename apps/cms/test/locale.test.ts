import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Payload } from "payload";
import { localeCodes } from "@cica/schema";
import { sideEffectsOff } from "../src/lib/context";
import { startPayload } from "./setup/payload";
import { englishEvent, russian } from "./setup/sampleEvent";

// An unknown ?locale= used to be served quietly in English (issue 9, item 9).
// The requests go through the CMS's own route handlers, the ones `next start`
// serves at /api/[...slug] and /api/graphql.

type Route = (request: Request, args: { params: Promise<{ slug?: string[] }> }) => Promise<Response>;
let payload: Payload;
let rest: Record<"GET" | "POST" | "PATCH" | "DELETE", Route>;
let graphql: Route;

beforeAll(async () => {
  payload = await startPayload("locale");
  rest = await import("../src/app/(payload)/api/[...slug]/route");
  ({ POST: graphql } = await import("../src/app/(payload)/api/graphql/route"));
  const event = await payload.create({
    collection: "events",
    data: { ...englishEvent("locale-check"), _status: "published" } as never,
    locale: "en",
    overrideAccess: true,
    context: sideEffectsOff,
  });
  await payload.update({
    collection: "events",
    id: event.id,
    data: russian as never,
    locale: "ru",
    overrideAccess: true,
    context: sideEffectsOff,
  });
});
afterAll(async () => {
  await payload?.destroy();
});

async function call(route: Route, method: string, path: string, body?: unknown, accept = "application/json") {
  const url = new URL(path, "http://localhost:3000");
  const slug = url.pathname.replace(/^\/api\//, "").split("/");
  const headers = { "content-type": "application/json", accept };
  const request = new Request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const response = await route(request, { params: Promise.resolve({ slug }) });
  return {
    status: response.status,
    body: (await response.json()) as { docs?: { title?: unknown }[]; errors?: { message: string }[]; data?: unknown },
  };
}

const messages = (body: { errors?: { message: string }[] }) => (body.errors ?? []).map((e) => e.message).join(" | ");

describe("unknown locales", () => {
  it("are refused with 400 naming locale over REST, for reads and writes", async () => {
    for (const [route, method, path] of [
      [rest.GET, "GET", "/api/events?locale=fr"],
      [rest.GET, "GET", "/api/globals/site-settings?locale=fr"],
      [rest.GET, "GET", "/api/events?locale=en&fallback-locale=de"],
      [rest.POST, "POST", "/api/events?locale=fr"],
      [rest.PATCH, "PATCH", "/api/globals/site-settings?locale=EN"],
    ] as const) {
      const res = await call(route, method, path, method === "GET" ? undefined : { title: "x" });
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(messages(res.body)).toMatch(/locale: "(fr|de|EN)" is not a language of this site/);
    }
  });

  it("are refused with 400 over GraphQL, as a query parameter and as the locale argument", async () => {
    const res = await call(graphql, "POST", "/api/graphql?locale=fr", { query: "{ Events { docs { title } } }" });
    expect(res.status).toBe(400);
    expect(messages(res.body)).toMatch(/locale: "fr"/);
    // GraphQL refuses a value outside the LocaleInputType enum itself; over HTTP that is a 400 for clients of the
    // GraphQL-over-HTTP media type, and, for legacy `application/json` clients, a 200 whose errors replace any data.
    const query = { query: "{ Events(locale: fr) { docs { title } } }" };
    const argument = await call(graphql, "POST", "/api/graphql", query, "application/graphql-response+json");
    expect(argument.status).toBe(400);
    expect(messages(argument.body)).toMatch(/Argument "locale" has invalid value fr/);
    const legacy = await call(graphql, "POST", "/api/graphql", query);
    expect(legacy.body.data).toBeUndefined();
    expect(messages(legacy.body)).toMatch(/Argument "locale" has invalid value fr/);
  });

  it("leave the configured locales and all working", async () => {
    for (const code of localeCodes) {
      const res = await call(rest.GET, "GET", `/api/events?locale=${code}&where[slug][equals]=locale-check`);
      expect(res.status).toBe(200);
      expect(res.body.docs?.[0]?.title).toBe(code === "ru" ? russian.title : englishEvent("x").title);
    }
    const all = await call(rest.GET, "GET", "/api/events?locale=all&fallback-locale=none&where[slug][equals]=locale-check");
    expect(all.status).toBe(200);
    expect(all.body.docs?.[0]?.title).toMatchObject({ en: englishEvent("x").title, ru: russian.title });
    const gql = await call(graphql, "POST", "/api/graphql", {
      query: '{ Events(locale: ru, where: { slug: { equals: "locale-check" } }) { docs { title } } }',
    });
    expect(gql.status).toBe(200);
    expect(gql.body.data).toEqual({ Events: { docs: [{ title: russian.title }] } });
  });
});
