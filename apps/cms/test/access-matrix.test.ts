import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleEndpoints, type Payload, type SanitizedConfig } from "payload";
import sharp from "sharp";
import { startPayload } from "./setup/payload";
import { createStaff, password } from "./setup/users";
import { englishEvent, russian } from "./setup/sampleEvent";
import {
  accessMatrixMarkdown,
  endpoints,
  endpointsMarkdown,
  isAllowed,
  operations,
  roles,
  subjects,
  type Operation,
  type Role,
  type Subject,
} from "./access/matrix";

// Every cell of test/access/matrix.ts, through REST and GraphQL: the same
// handlers the Next routes in src/app/(payload)/api wrap (one line each), on a
// database of this suite's own. An allowed cell must take effect; a refused one
// must answer 403/401 (REST) or a GraphQL error, and leave the database as it was.

type Row = Record<string, any>;
type Transport = "REST" | "GraphQL";

let payload: Payload;
let config: SanitizedConfig;
let graphql: (request: Request) => Promise<Response>;
const tokens: Partial<Record<Role, string>> = {};
let staffUsers: Awaited<ReturnType<typeof createStaff>>;

beforeAll(async () => {
  payload = await startPayload("access");
  config = payload.config;
  const { GRAPHQL_POST } = await import("@payloadcms/next/routes");
  graphql = GRAPHQL_POST(Promise.resolve(config));
  staffUsers = await createStaff(payload);
  for (const role of ["translator", "editor", "admin"] as const) {
    const email = staffUsers[role].email;
    const { token } = await payload.login({ collection: "users", data: { email, password } });
    tokens[role] = token;
  }
});
afterAll(async () => {
  await payload?.destroy();
});

const quiet = { overrideAccess: true, context: { sideEffects: false }, depth: 0 } as const;
let serial = 0;
const marker = (what: string) => `${what}-${++serial}`;

// ---------------------------------------------------------------- transports

async function rest(role: Role, method: string, url: string, json?: unknown, form?: FormData) {
  const headers = new Headers();
  if (tokens[role]) headers.set("authorization", `JWT ${tokens[role]}`);
  if (json !== undefined) headers.set("content-type", "application/json");
  const body = form ?? (json === undefined ? undefined : JSON.stringify(json));
  const request = new Request(`http://localhost:3000${url}`, { method, headers, body });
  const response = await handleEndpoints({ config, request, path: new URL(request.url).pathname });
  const text = await response.text();
  let parsed: Row = {};
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { text };
  }
  return { status: response.status, body: parsed, refused: response.status === 401 || response.status === 403 };
}

async function gql(role: Role, query: string, variables: Row = {}) {
  const headers = new Headers({ "content-type": "application/json" });
  if (tokens[role]) headers.set("authorization", `JWT ${tokens[role]}`);
  const response = await graphql(
    new Request("http://localhost:3000/api/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) }),
  );
  const body = (await response.json()) as { data?: Row; errors?: { message: string }[] };
  return { data: body.data ?? {}, errors: body.errors ?? [], refused: (body.errors ?? []).length > 0 };
}

// ---------------------------------------------------------------- subjects

type Names = { one: string; many: string; create: string; update: string; del: string; input: string; updateInput: string; fields: string };
const gqlNames: Record<Exclude<Subject, "site-settings">, Names> = {
  events: {
    one: "Event",
    many: "Events",
    create: "createEvent",
    update: "updateEvent",
    del: "deleteEvent",
    input: "mutationEventInput",
    updateInput: "mutationEventUpdateInput",
    fields: "id title _status",
  },
  organizations: {
    one: "Organization",
    many: "Organizations",
    create: "createOrganization",
    update: "updateOrganization",
    del: "deleteOrganization",
    input: "mutationOrganizationInput",
    updateInput: "mutationOrganizationUpdateInput",
    fields: "id name",
  },
  media: {
    one: "Media",
    many: "allMedia",
    create: "createMedia",
    update: "updateMedia",
    del: "deleteMedia",
    input: "mutationMediaInput",
    updateInput: "mutationMediaUpdateInput",
    fields: "id alt",
  },
  users: {
    one: "User",
    many: "Users",
    create: "createUser",
    update: "updateUser",
    del: "deleteUser",
    input: "mutationUserInput",
    updateInput: "mutationUserUpdateInput",
    fields: "id name",
  },
  builds: {
    one: "Build",
    many: "Builds",
    create: "createBuild",
    update: "updateBuild",
    del: "deleteBuild",
    input: "mutationBuildInput",
    updateInput: "mutationBuildUpdateInput",
    fields: "id status",
  },
  "payload-jobs": {
    one: "PayloadJob",
    many: "PayloadJobs",
    create: "createPayloadJob",
    update: "updatePayloadJob",
    del: "deletePayloadJob",
    input: "mutationPayloadJobInput",
    updateInput: "mutationPayloadJobUpdateInput",
    fields: "id",
  },
};

/** The localised field a translator works on, and a shared one they must not touch. */
const fieldsOf: Record<Subject, { text?: string; shared: [string, unknown] }> = {
  events: { text: "title", shared: ["attendance", "online"] },
  organizations: { text: "name", shared: ["website", "https://example.org/changed"] },
  media: { text: "alt", shared: ["focalX", 10] },
  users: { shared: ["name", "Renamed"] },
  builds: { shared: ["status", "failed"] },
  "site-settings": { text: "tagline", shared: ["defaultTimeZone", "Europe/Moscow"] },
  "payload-jobs": { shared: ["queue", "elsewhere"] },
};

let tinyPng: Buffer;
const png = async () =>
  (tinyPng ??= await sharp({ create: { width: 4, height: 4, channels: 3, background: "#ffffff" } })
    .png()
    .toBuffer());

/** GraphQL spells select options as enum names ("in_person", "Asia_Almaty"); an event's zones are text (any tz name). */
const enumFields = new Set(["attendance", "defaultTimeZone"]);
function forGraphQL(data: Row): Row {
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [
      key,
      enumFields.has(key) && typeof value === "string" ? value.replace(/[^A-Za-z0-9_]/g, "_") : value,
    ]),
  );
}

/** A fresh document to act on: published where the subject has drafts. */
async function fixture(subject: Exclude<Subject, "site-settings">): Promise<string> {
  const n = ++serial;
  switch (subject) {
    case "events": {
      const doc = (await payload.create({
        collection: "events",
        data: { ...englishEvent(`access-${n}`), _status: "published" } as never,
        locale: "en",
        ...quiet,
      })) as Row;
      await payload.update({
        collection: "events",
        id: doc.id,
        data: { ...russian, _status: "published" } as never,
        locale: "ru",
        ...quiet,
      });
      return String(doc.id);
    }
    case "organizations":
      return String(
        (await payload.create({ collection: "organizations", data: { name: `Organisation ${n}` } as never, locale: "en", ...quiet })).id,
      );
    case "media":
      return String(
        (
          await payload.create({
            collection: "media",
            data: { alt: `File ${n}` } as never,
            file: { data: await png(), mimetype: "image/png", name: `file-${n}.png`, size: (await png()).length },
            ...quiet,
          })
        ).id,
      );
    case "users":
      return String(
        (
          await payload.create({
            collection: "users",
            data: { email: `someone-${n}@test.local`, password, role: "editor" } as never,
            ...quiet,
          })
        ).id,
      );
    case "builds":
      return String(
        (await payload.create({ collection: "builds", data: { buildId: `build-${n}`, status: "success" } as never, ...quiet })).id,
      );
    case "payload-jobs": {
      const job = await payload.jobs.queue({
        task: "schedulePublish",
        input: { type: "publish", global: "site-settings" } as never,
        waitUntil: new Date(Date.now() + 86_400_000),
      });
      return String(job.id);
    }
  }
}

/** The site settings as a visitor sees them: published, with the tagline in Russian. */
async function freshSettings(): Promise<void> {
  await payload.updateGlobal({
    slug: "site-settings",
    data: { siteName: "CICA", tagline: "Live tagline", defaultTimeZone: "Asia/Almaty", _status: "published" } as never,
    locale: "en",
    ...quiet,
  });
  await payload.updateGlobal({
    slug: "site-settings",
    data: { siteName: "СВМДА", tagline: "Живой подзаголовок", _status: "published" } as never,
    locale: "ru",
    ...quiet,
  });
}

/** The stored (main) settings document, bypassing hooks and access. */
async function storedSettings(locale?: string): Promise<Row | null> {
  // The adapter's type asks for the request, which reading one document does not need.
  return (await payload.db.findGlobal({ slug: "site-settings", locale, req: undefined as never })) as Row | null;
}

/** Everything stored about a document: main document, latest draft, version count. */
async function snapshot(subject: Subject, id?: string): Promise<string> {
  if (subject === "site-settings") {
    const main = await storedSettings("all");
    const versions = await payload.countGlobalVersions({ global: "site-settings", overrideAccess: true });
    const draft = await payload.findGlobal({ slug: "site-settings", draft: true, locale: "all", ...quiet });
    return JSON.stringify({ main, draft, versions: versions.totalDocs });
  }
  const main = await payload.db.findOne({ collection: subject, where: { id: { equals: id } } });
  const draft = main
    ? await payload.findByID({ collection: subject, id: id!, draft: true, locale: "all", ...quiet }).catch(() => null)
    : null;
  const versions =
    subject === "events"
      ? (await payload.countVersions({ collection: "events", where: { parent: { equals: id } }, overrideAccess: true })).totalDocs
      : 0;
  const count = (await payload.count({ collection: subject, overrideAccess: true })).totalDocs;
  return JSON.stringify({ main, draft, versions, count });
}

async function mainStatus(subject: "events" | "site-settings", id?: string): Promise<unknown> {
  const main =
    subject === "events" ? await payload.db.findOne({ collection: "events", where: { id: { equals: id } } }) : await storedSettings();
  return (main as Row | null)?._status;
}

// Payload types locale and fallbackLocale as its generated unions; the test passes plain strings and "no fallback".
async function latest(subject: Subject, locale: string, id?: string): Promise<Row> {
  if (subject === "site-settings")
    return (await payload.findGlobal({
      slug: "site-settings",
      draft: true,
      locale: locale as never,
      fallbackLocale: false as never,
      ...quiet,
    })) as Row;
  return (await payload.findByID({
    collection: subject,
    id: id!,
    draft: true,
    locale: locale as never,
    fallbackLocale: false as never,
    ...quiet,
  })) as Row;
}

const hasDrafts = (subject: Subject) => subject === "events" || subject === "site-settings";

// ---------------------------------------------------------------- operations

type Outcome = { took: boolean; refused: boolean; unchanged?: boolean; detail: string };

/** Runs one cell and reports whether it took effect, whether it was refused, and whether the stored data stayed as it was. */
async function attempt(subject: Subject, operation: Operation, role: Role, transport: Transport): Promise<Outcome> {
  const isGlobal = subject === "site-settings";
  if (isGlobal) await freshSettings();
  const id = isGlobal ? undefined : await fixture(subject);
  const names = isGlobal ? undefined : gqlNames[subject];
  const base = isGlobal ? "/api/globals/site-settings" : `/api/${subject}`;
  const docUrl = isGlobal ? base : `${base}/${id}`;
  const { text, shared } = fieldsOf[subject];

  const write = async (data: Row, locale: string, draft: boolean) => {
    if (transport === "REST") {
      const query = `?locale=${locale}${draft ? "&draft=true" : ""}`;
      const r = await rest(role, isGlobal ? "POST" : "PATCH", `${docUrl}${query}`, data);
      return { refused: r.refused, detail: `${r.status} ${JSON.stringify(r.body.errors ?? "")}` };
    }
    const draftArg = hasDrafts(subject) ? `, draft: ${draft}` : "";
    const mutation = isGlobal
      ? `mutation($data: mutationSiteSettingInput!) { updateSiteSetting(data: $data, locale: ${locale}${draftArg}) { _status } }`
      : `mutation($data: ${names!.updateInput}!) { ${names!.update}(id: "${id}", data: $data, locale: ${locale}${draftArg}) { id } }`;
    const r = await gql(role, mutation, { data: forGraphQL(data) });
    return { refused: r.refused, detail: JSON.stringify(r.errors.map((e) => e.message)) };
  };

  const before = await snapshot(subject, id);
  const done = async (result: { refused: boolean; detail: string }, took: () => Promise<boolean>): Promise<Outcome> => {
    const effect = await took();
    return { took: effect, refused: result.refused, unchanged: (await snapshot(subject, id)) === before, detail: result.detail };
  };

  switch (operation) {
    case "read published":
    case "read drafts": {
      const draftText = marker("Draft text");
      if (operation === "read drafts" && isGlobal)
        await payload.updateGlobal({ slug: "site-settings", data: { tagline: draftText } as never, locale: "en", draft: true, ...quiet });
      if (operation === "read drafts" && !isGlobal)
        await payload.update({ collection: subject, id: id!, data: { [text!]: draftText } as never, locale: "en", draft: true, ...quiet });
      const draft = operation === "read drafts";
      const wanted = (doc: Row | null | undefined) =>
        draft ? doc?.[text!] === draftText : Boolean(doc && (isGlobal ? doc.tagline : doc.id));
      if (transport === "REST") {
        const r = await rest(role, "GET", `${docUrl}?locale=en&depth=0${draft ? "&draft=true" : ""}`);
        return {
          took: r.status === 200 && wanted(r.body),
          refused: r.refused || r.status === 404 || !wanted(r.body),
          detail: `${r.status}`,
        };
      }
      const q = isGlobal
        ? `{ SiteSetting(locale: en, draft: ${draft}) { tagline } }`
        : `{ ${names!.one}(id: "${id}", locale: en${hasDrafts(subject) ? `, draft: ${draft}` : ""}) { ${names!.fields} } }`;
      const r = await gql(role, q);
      const doc = isGlobal ? r.data.SiteSetting : r.data[names!.one];
      return { took: wanted(doc), refused: r.refused || !wanted(doc), detail: JSON.stringify(r.errors.map((e) => e.message)) };
    }
    case "read version history": {
      if (transport === "REST") {
        const r = await rest(role, "GET", `${base}/versions${isGlobal ? "" : `?where[parent][equals]=${id}`}`);
        return {
          took: r.status === 200 && r.body.docs?.length > 0,
          refused: r.refused || !(r.body.docs?.length > 0),
          detail: `${r.status}`,
        };
      }
      const q = isGlobal
        ? `{ versionsSiteSetting { docs { id } } }`
        : `{ versionsEvents(where: { parent: { equals: "${id}" } }) { docs { id } } }`;
      const r = await gql(role, q);
      const docs = (isGlobal ? r.data.versionsSiteSetting : r.data.versionsEvents)?.docs ?? [];
      return { took: docs.length > 0, refused: r.refused || docs.length === 0, detail: JSON.stringify(r.errors.map((e) => e.message)) };
    }
    case "create": {
      const count = async () =>
        (await payload.count({ collection: subject as Exclude<Subject, "site-settings">, overrideAccess: true })).totalDocs;
      const n = ++serial;
      const data: Row = {
        events: { ...englishEvent(`created-${n}`), _status: "draft" },
        organizations: { name: `New organisation ${n}` },
        media: { alt: `New file ${n}` },
        users: { email: `new-${n}@test.local`, password, role: "editor" },
        builds: { buildId: `new-build-${n}`, status: "success" },
        "payload-jobs": {
          taskSlug: "schedulePublish",
          input: { type: "publish", doc: { relationTo: "events", value: id } },
          waitUntil: new Date(Date.now() + 86_400_000).toISOString(),
        },
      }[subject as Exclude<Subject, "site-settings">];
      const before = await count();
      let result: { refused: boolean; detail: string };
      if (transport === "REST") {
        let form: FormData | undefined;
        if (subject === "media") {
          form = new FormData();
          form.append("file", new Blob([new Uint8Array(await png())], { type: "image/png" }), `new-${n}.png`);
          form.append("_payload", JSON.stringify(data));
        }
        const r = await rest(role, "POST", `${base}?locale=en${subject === "events" ? "&draft=true" : ""}`, form ? undefined : data, form);
        result = { refused: r.refused, detail: `${r.status} ${JSON.stringify(r.body.errors ?? "")}` };
      } else {
        const r = await gql(
          role,
          `mutation($data: ${names!.input}!) { ${names!.create}(data: $data, locale: en${subject === "events" ? ", draft: true" : ""}) { id } }`,
          { data: forGraphQL(data) },
        );
        result = { refused: r.refused, detail: JSON.stringify(r.errors.map((e) => e.message)) };
      }
      const after = await count();
      return { took: after > before, refused: result.refused, unchanged: after === before, detail: result.detail };
    }
    case "edit own language (draft)":
    case "edit another language": {
      const locale = operation === "edit own language (draft)" ? "ru" : "zh";
      const value = marker("Перевод");
      const result = await write({ [text!]: value }, locale, hasDrafts(subject));
      return done(result, async () => (await latest(subject, locale, id))[text!] === value);
    }
    case "write shared field": {
      const [field, value] = shared;
      const result = await write({ [field]: value }, "ru", hasDrafts(subject));
      return done(result, async () => {
        if (subject === "payload-jobs")
          return (
            ((await payload.db.findOne({ collection: "payload-jobs", where: { id: { equals: id } } })) as Row | null)?.[field] === value
          );
        return (await latest(subject, "en", id))[field] === value;
      });
    }
    case "publish": {
      // A pending draft in the role's own language, then Publish as the admin sends it.
      const value = marker("Опубликовано");
      if (isGlobal)
        await payload.updateGlobal({ slug: "site-settings", data: { tagline: value } as never, locale: "ru", draft: true, ...quiet });
      else await payload.update({ collection: "events", id: id!, data: { title: value } as never, locale: "ru", draft: true, ...quiet });
      const before2 = await snapshot(subject, id);
      const result = await write({ [text!]: value, _status: "published" }, "ru", false);
      const live = isGlobal
        ? await payload.findGlobal({ slug: "site-settings", locale: "ru", overrideAccess: false })
        : await payload.findByID({ collection: "events", id: id!, locale: "ru", overrideAccess: false });
      return {
        took: (live as Row)[text!] === value,
        refused: result.refused,
        unchanged: (await snapshot(subject, id)) === before2,
        detail: result.detail,
      };
    }
    case "unpublish": {
      // Issue 8's reproduction: PATCH ?locale=ru {"_status":"draft"} without draft=true.
      const result = await write({ _status: "draft" }, "ru", false);
      return done(result, async () => (await mainStatus(subject as "events" | "site-settings", id)) === "draft");
    }
    case "restore a version": {
      // Two published versions; restoring the older one (as published) puts its title back on the site.
      const oldValue = isGlobal ? "Live tagline" : englishEvent("x").title;
      if (isGlobal)
        await payload.updateGlobal({
          slug: "site-settings",
          data: { tagline: marker("Newer"), _status: "published" } as never,
          locale: "en",
          ...quiet,
        });
      else
        await payload.update({
          collection: "events",
          id: id!,
          data: { title: marker("Newer"), _status: "published" } as never,
          locale: "en",
          ...quiet,
        });
      const versions = isGlobal
        ? await payload.findGlobalVersions({ slug: "site-settings", sort: "createdAt", limit: 200, overrideAccess: true, locale: "en" })
        : await payload.findVersions({
            collection: "events",
            where: { parent: { equals: id } },
            sort: "createdAt",
            limit: 50,
            overrideAccess: true,
            locale: "en",
          });
      const old = versions.docs.filter((v) => (v.version as Row)[text!] === oldValue && (v.version as Row)._status === "published").pop();
      const before2 = await snapshot(subject, id);
      let result: { refused: boolean; detail: string };
      if (transport === "REST") {
        const r = await rest(role, "POST", `${base}/versions/${old!.id}`);
        result = { refused: r.refused, detail: `${r.status} ${JSON.stringify(r.body.errors ?? "")}` };
      } else {
        const r = await gql(
          role,
          `mutation { ${isGlobal ? "restoreVersionSiteSetting" : "restoreVersionEvent"}(id: "${old!.id}") { ${isGlobal ? "tagline" : "id"} } }`,
        );
        result = { refused: r.refused, detail: JSON.stringify(r.errors.map((e) => e.message)) };
      }
      // The published (main) document, as visitors get it.
      const main = isGlobal
        ? await payload.findGlobal({ slug: "site-settings", locale: "en", ...quiet })
        : await payload.findByID({ collection: "events", id: id!, locale: "en", ...quiet });
      return {
        took: (main as Row)[text!] === oldValue,
        refused: result.refused,
        unchanged: (await snapshot(subject, id)) === before2,
        detail: result.detail,
      };
    }
    case "delete": {
      let result: { refused: boolean; detail: string };
      if (transport === "REST") {
        const r = await rest(role, "DELETE", docUrl);
        result = { refused: r.refused, detail: `${r.status} ${JSON.stringify(r.body.errors ?? "")}` };
      } else {
        const r = await gql(role, `mutation { ${names!.del}(id: "${id}") { id } }`);
        result = { refused: r.refused, detail: JSON.stringify(r.errors.map((e) => e.message)) };
      }
      return done(
        result,
        async () =>
          !(await payload.db.findOne({ collection: subject as Exclude<Subject, "site-settings">, where: { id: { equals: id } } })),
      );
    }
    case "schedule publish":
      throw new Error("scheduling is tested through the admin's server function below");
  }
}

/** A request as the admin's server functions get it: with the signed-in user, as Payload's auth puts it there. */
async function requestAs(role: Role) {
  const { createLocalReq } = await import("payload");
  // The generated User type is not built here; the account rows carry what access reads (id, role, locales).
  const user = role === "anonymous" ? undefined : ({ ...staffUsers[role], collection: "users" } as never);
  return createLocalReq({ user }, payload);
}

/** The Schedule drawer's server function (wired in src/app/(payload)/layout.tsx); a refusal comes back as { error }. */
async function scheduleAs(role: Role, args: Row): Promise<Row> {
  const { schedulePublishForPublishers } = await import("../src/access/schedulePublish");
  // Server functions are typed loosely (their arguments come from the browser); these are the drawer's.
  const answer = schedulePublishForPublishers({ ...args, req: await requestAs(role) } as never) as Promise<Row | undefined>;
  return (await answer.catch((error: Error) => ({ error: error.message }))) ?? {};
}

// ---------------------------------------------------------------- the matrix

const cells = subjects.flatMap((subject) =>
  operations.flatMap((operation) =>
    roles.flatMap((role) => {
      const expected = isAllowed(subject, operation, role);
      if (expected === undefined || operation === "schedule publish") return [];
      return (
        (["REST", "GraphQL"] as const)
          // Payload's GraphQL has no file upload: media are created over REST or in the admin only.
          .filter((transport) => !(transport === "GraphQL" && subject === "media" && operation === "create"))
          .map((transport) => ({ subject, operation, role, transport, expected }))
      );
    }),
  ),
);

describe("access matrix: role × subject × operation × transport", () => {
  it.each(cells)(
    "$subject · $operation · $role · $transport → allowed: $expected",
    async ({ subject, operation, role, transport, expected }) => {
      const outcome = await attempt(subject, operation, role, transport);
      if (expected) {
        expect(outcome, outcome.detail).toMatchObject({ took: true });
      } else {
        expect(outcome.took, outcome.detail).toBe(false);
        expect(outcome.refused, outcome.detail).toBe(true);
        if (outcome.unchanged !== undefined) expect(outcome.unchanged, "the database changed").toBe(true);
      }
    },
  );
});

describe("scheduled publishing, through the admin's Schedule drawer (its server function, as src/app/(payload)/layout.tsx wires it)", () => {
  it.each(roles.map((role) => ({ role, expected: isAllowed("events", "schedule publish", role) })))(
    "$role → allowed: $expected",
    async ({ role, expected }) => {
      const id = await fixture("events");
      const scheduled = async () =>
        (await payload.count({ collection: "payload-jobs", where: { taskSlug: { equals: "schedulePublish" } }, overrideAccess: true }))
          .totalDocs;
      const before = await scheduled();
      const answer = await scheduleAs(role, {
        type: "unpublish",
        date: new Date(Date.now() + 3_600_000),
        doc: { relationTo: "events", value: id },
      });
      expect({ refused: Boolean(answer.error), queued: (await scheduled()) - before }).toEqual({
        refused: !expected,
        queued: expected ? 1 : 0,
      });
    },
  );
});

describe("cancelling a scheduled publish, through the same server function (the drawer sends only the job's id)", () => {
  it.each(roles.map((role) => ({ role, expected: isAllowed("events", "schedule publish", role) })))(
    "$role → allowed: $expected",
    async ({ role, expected }) => {
      const id = await fixture("events");
      await scheduleAs("editor", { type: "publish", date: new Date(Date.now() + 3_600_000), doc: { relationTo: "events", value: id } });
      const mine = await payload.find({
        collection: "payload-jobs",
        where: { taskSlug: { equals: "schedulePublish" } },
        sort: "-createdAt",
        limit: 1,
        overrideAccess: true,
      });
      const jobId = mine.docs[0]!.id;
      const answer = await scheduleAs(role, { deleteID: jobId });
      const stillThere = await payload.findByID({ collection: "payload-jobs", id: jobId, overrideAccess: true, disableErrors: true });
      expect({ refused: Boolean(answer.error), cancelled: !stillThere }).toEqual({ refused: !expected, cancelled: Boolean(expected) });
    },
  );
});

describe("the admin shows only the buttons the server allows", () => {
  it.each(roles.filter((r) => r !== "anonymous"))("%s", async (role) => {
    const { docAccessOperation, docAccessOperationGlobal } = await import("payload");
    const id = await fixture("events");
    const req = await requestAs(role);
    const events = payload.collections.events!;
    const settings = payload.config.globals.find((g) => g.slug === "site-settings")!;
    // How @payloadcms/next decides on Publish, Unpublish and Schedule (getDocumentPermissions): update access with _status "published".
    const publishEvent = (await docAccessOperation({ id, collection: events, data: { _status: "published" }, req } as never)).update;
    const deleteEvent = (await docAccessOperation({ id, collection: events, data: {}, req } as never)).delete;
    const publishSettings = (await docAccessOperationGlobal({ globalConfig: settings, data: { _status: "published" }, req } as never))
      .update;
    expect({ publishEvent: Boolean(publishEvent), deleteEvent: Boolean(deleteEvent), publishSettings: Boolean(publishSettings) }).toEqual({
      publishEvent: isAllowed("events", "publish", role),
      deleteEvent: isAllowed("events", "delete", role),
      publishSettings: isAllowed("site-settings", "publish", role),
    });
  });
});

describe("custom endpoints", () => {
  it.each(
    endpoints.flatMap((row) =>
      roles.map((role) => ({ endpoint: row.endpoint, role, expected: (row.allowed as readonly Role[]).includes(role) })),
    ),
  )("$endpoint · $role → allowed: $expected", async ({ endpoint, role, expected }) => {
    const id = await fixture("events");
    const r = endpoint.startsWith("POST /api/events")
      ? await rest(role, "POST", `/api/events/${id}/duplicate-edition`)
      : endpoint.startsWith("GET")
        ? await rest(role, "GET", `/api/events/${id}/preview?locale=en`)
        : await rest(role, "POST", "/api/builds", { id: "forged", status: "success" });
    // An allowed preview may still fail to reach the build service (502): what matters is that it was not refused.
    expect(r.refused, `${r.status} ${JSON.stringify(r.body)}`).toBe(!expected);
  });
});

/** Markdown with every table row reduced to its trimmed cells, and separator rows to their alignment. */
function tableCells(markdown: string): string {
  return markdown
    .split("\n")
    .map((line) =>
      line.startsWith("|")
        ? line
            .split("|")
            .map((cell) => cell.trim().replace(/^(:?)-+(:?)$/, "$1-$2"))
            .join("|")
        : line,
    )
    .join("\n");
}

describe("SECURITY.md", () => {
  it("shows this access matrix", () => {
    const file = path.resolve(import.meta.dirname, "../../../SECURITY.md");
    const section = [
      "<!-- access-matrix:start -->",
      "",
      accessMatrixMarkdown(),
      "",
      "Custom endpoints:",
      "",
      endpointsMarkdown(),
      "",
      "<!-- access-matrix:end -->",
    ].join("\n");
    const current = readFileSync(file, "utf8");
    const updated = current.replace(/<!-- access-matrix:start -->[\s\S]*<!-- access-matrix:end -->/, section);
    if (process.env.UPDATE_DOCS) return writeFileSync(file, updated);
    // Compared cell by cell: Prettier pads Markdown tables to aligned columns, which changes no cell.
    expect(tableCells(current), "run UPDATE_DOCS=1 npx vitest run test/access-matrix.test.ts, then npm run format").toBe(
      tableCells(updated),
    );
  });
});
