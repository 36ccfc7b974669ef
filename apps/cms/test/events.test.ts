import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Payload } from "payload";
import { Event, parseDocument } from "@cica/schema";
import { startPayload } from "./setup/payload";
import { createStaff } from "./setup/users";
import { errorOf } from "./setup/errors";
import { chinese, englishEvent, russian } from "./setup/sampleEvent";

// Counts the body's Lexical → HTML conversions (the real one runs), to check reads render only what they return.
const htmlRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock("@payloadcms/richtext-lexical/html", async (importOriginal) => {
  const original = await importOriginal<typeof import("@payloadcms/richtext-lexical/html")>();
  return {
    ...original,
    convertLexicalToHTML: (...args: Parameters<typeof original.convertLexicalToHTML>) => {
      htmlRenders.count++;
      return original.convertLexicalToHTML(...args);
    },
  };
});

let payload: Payload;
let staff: Awaited<ReturnType<typeof createStaff>>;

beforeAll(async () => {
  payload = await startPayload("events");
  staff = await createStaff(payload);
});
afterAll(async () => {
  await payload?.destroy();
});

type Row = Record<string, any>;

async function createInThreeLocales(slug: string, publish = true) {
  const as = { user: staff.editor, overrideAccess: false } as const;
  const doc = (await payload.create({
    collection: "events",
    data: { ...englishEvent(slug), _status: "draft" } as never,
    draft: true,
    locale: "en",
    ...as,
  })) as Row;
  const rowsWithIds = (rows: Row[], texts: string[]) => rows.map((row, i) => ({ id: row.id, text: texts[i] }));
  await payload.update({
    collection: "events",
    id: doc.id,
    locale: "ru",
    draft: true,
    data: {
      ...russian,
      targetAudience: rowsWithIds(doc.targetAudience, ["Ведомства по управлению водными ресурсами;", "Научные институты."]),
    } as never,
    ...as,
  });
  const done = (await payload.update({
    collection: "events",
    id: doc.id,
    locale: "zh",
    draft: !publish,
    data: { ...chinese, _status: publish ? "published" : "draft" } as never,
    ...as,
  })) as Row;
  return done;
}

describe("an event in three languages", () => {
  it("is created as a draft, translated, published, and read per locale and with locale=all", async () => {
    const published = await createInThreeLocales("water-security-meeting");
    expect(published._status).toBe("published");
    expect(published.revision).toBe(1);

    const all = (await payload.findByID({ collection: "events", id: published.id, locale: "all", depth: 0 })) as Row;
    expect(all.title).toEqual({ en: "CICA Expert Meeting on Water Security", ru: russian.title, zh: chinese.title });
    expect(all.targetAudience[0].text).toEqual({ en: "Water management agencies;", ru: "Ведомства по управлению водными ресурсами;" });
    expect(all.timeZone).toBe("Asia/Almaty");
    expect(all.translationStatus.ru).toEqual({
      complete: false,
      missing: ["objectives[0]", "contacts[0].name", "contacts[0].organization"],
    });
    expect(all.translationStatus.en.complete).toBe(true);
    const parsed = parseDocument(Event, "events", all);
    expect(parsed.ok ? [] : parsed.lines).toEqual([]);

    const ru = (await payload.findByID({ collection: "events", id: published.id, locale: "ru", depth: 0 })) as Row;
    expect(ru.title).toBe(russian.title);
    // Untranslated lines fall back to English.
    expect(ru.objectives[0].text).toBe("Share data on river basins.");
    const zh = (await payload.findByID({ collection: "events", id: published.id, locale: "zh", depth: 0 })) as Row;
    expect(zh.city).toBe("阿斯塔纳");
  });

  it("counts a revision per publish, not per draft save", async () => {
    const doc = await createInThreeLocales("revision-counting");
    const as = { user: staff.editor, overrideAccess: false } as const;
    await payload.update({
      collection: "events",
      id: doc.id,
      locale: "en",
      draft: true,
      data: { summary: "Draft change" } as never,
      ...as,
    });
    let read = (await payload.findByID({ collection: "events", id: doc.id, depth: 0 })) as Row;
    expect(read.revision).toBe(1);
    await payload.update({
      collection: "events",
      id: doc.id,
      locale: "en",
      data: { summary: "Published change", _status: "published" } as never,
      ...as,
    });
    read = (await payload.findByID({ collection: "events", id: doc.id, depth: 0 })) as Row;
    expect(read.revision).toBe(2);
    expect(read.summary).toBe("Published change");
  });

  it("keeps the announced date when an event is postponed to a new one", async () => {
    const doc = await createInThreeLocales("postponed-meeting");
    const updated = (await payload.update({
      collection: "events",
      id: doc.id,
      locale: "en",
      data: { status: "postponed", startsAt: "2031-05-12T04:00:00.000Z", endsAt: null, _status: "published" } as never,
      user: staff.editor,
      overrideAccess: false,
    })) as Row;
    expect(updated.previousStartsAt).toBe("2031-03-10T04:00:00.000Z");
    expect(updated.startsAt).toBe("2031-05-12T04:00:00.000Z");
  });

  it("renders the body to HTML for each language", async () => {
    const doc = await createInThreeLocales("with-body");
    const body = (text: string) => ({
      root: {
        type: "root",
        version: 1,
        direction: "ltr",
        format: "",
        indent: 0,
        children: [
          {
            type: "paragraph",
            version: 1,
            direction: "ltr",
            format: "",
            indent: 0,
            textFormat: 0,
            textStyle: "",
            children: [{ type: "text", version: 1, text, format: 1, mode: "normal", style: "", detail: 0 }],
          },
        ],
      },
    });
    await payload.update({
      collection: "events",
      id: doc.id,
      locale: "en",
      data: { body: body("Bring <your> passport"), _status: "published" } as never,
      user: staff.editor,
      overrideAccess: false,
    });
    const all = (await payload.findByID({ collection: "events", id: doc.id, locale: "all", depth: 0 })) as Row;
    expect(all.bodyHtml.en).toContain("<strong>Bring &lt;your&gt; passport</strong>");
    expect(all.translationStatus.ru.missing).toContain("body");
  });

  it("a read renders the body only in the language it returns, and not at all when the body's HTML is not selected", async () => {
    const doc = await createInThreeLocales("body-per-locale");
    const body = (text: string) => ({
      root: {
        type: "root",
        version: 1,
        direction: "ltr",
        format: "",
        indent: 0,
        children: [
          {
            type: "paragraph",
            version: 1,
            direction: "ltr",
            format: "",
            indent: 0,
            textFormat: 0,
            textStyle: "",
            children: [{ type: "text", version: 1, text, format: 0, mode: "normal", style: "", detail: 0 }],
          },
        ],
      },
    });
    const as = { collection: "events", id: doc.id, user: staff.editor, overrideAccess: false } as const;
    await payload.update({ ...as, locale: "en", data: { body: body("Bring your passport.") } as never });
    await payload.update({ ...as, locale: "ru", data: { body: body("Возьмите паспорт.") } as never });
    await payload.update({ ...as, locale: "zh", data: { body: body("请携带护照。"), _status: "published" } as never });

    htmlRenders.count = 0;
    const ru = (await payload.findByID({ collection: "events", id: doc.id, locale: "ru", depth: 0 })) as Row;
    expect(ru.bodyHtml).toBe("<p>Возьмите паспорт.</p>");
    expect(htmlRenders.count).toBe(1);

    htmlRenders.count = 0;
    const list = await payload.find({ collection: "events", locale: "en", depth: 0, select: { title: true, slug: true } });
    expect(list.docs.find((d) => d.id === doc.id)?.title).toBe(englishEvent("body-per-locale").title);
    expect(htmlRenders.count).toBe(0);

    htmlRenders.count = 0;
    const all = (await payload.findByID({ collection: "events", id: doc.id, locale: "all", depth: 0 })) as Row;
    expect(all.bodyHtml).toEqual({ en: "<p>Bring your passport.</p>", ru: "<p>Возьмите паспорт.</p>", zh: "<p>请携带护照。</p>" });
    expect(htmlRenders.count).toBe(3);
  });
});

describe("drafts", () => {
  it("two fresh drafts without a title can exist side by side (the admin creates one on 'Create new' with autosave)", async () => {
    const as = { user: staff.editor, overrideAccess: false, draft: true, locale: "en" } as const;
    const a = (await payload.create({ collection: "events", data: { _status: "draft" } as never, ...as })) as Row;
    const b = (await payload.create({ collection: "events", data: { _status: "draft" } as never, ...as })) as Row;
    expect(a.id).not.toBe(b.id);
    const titled = (await payload.update({
      collection: "events",
      id: a.id,
      data: { title: "CICA Round Table on Energy Security" } as never,
      ...as,
    })) as Row;
    expect(titled.slug).toBe("cica-round-table-on-energy-security");
  });

  it("refuses a second event with the same address", async () => {
    await createInThreeLocales("same-address");
    const failure = await errorOf(
      payload.create({
        collection: "events",
        locale: "en",
        data: { ...englishEvent("same-address"), _status: "published" } as never,
        user: staff.editor,
        overrideAccess: false,
      }),
    );
    expect(failure.status).toBe(400);
    expect(failure.message).toMatch(/slug/);
  });
});

describe("two people editing one event (issue 9 item 4)", () => {
  it("refuses a save made from an outdated version with 409 saying to reload, and keeps the other person's change", async () => {
    const doc = await createInThreeLocales("stale-save");
    const editor = { user: staff.editor, overrideAccess: false, depth: 0 } as const;
    const admin = { user: staff.admin, overrideAccess: false, depth: 0 } as const;
    // Both open the event; the admin saves first.
    const opened = (await payload.findByID({ collection: "events", id: doc.id, draft: true, ...editor })) as Row;
    await new Promise((resolve) => setImmediate(resolve));
    await payload.update({
      collection: "events",
      id: doc.id,
      locale: "en",
      data: { summary: "The admin's summary.", _status: "published" } as never,
      ...admin,
    });
    const stale = await errorOf(
      payload.update({
        collection: "events",
        id: doc.id,
        locale: "en",
        data: { summary: "The editor's summary.", updatedAt: opened.updatedAt, _status: "published" } as never,
        ...editor,
      }),
    );
    expect(stale.status).toBe(409);
    expect(stale.message).toMatch(/changed by someone else.*reload the page/);
    const read = (await payload.findByID({ collection: "events", id: doc.id, locale: "en", depth: 0 })) as Row;
    expect(read.summary).toBe("The admin's summary.");
    // Made from the version now stored, the same save goes through.
    const fresh = (await payload.findByID({ collection: "events", id: doc.id, draft: true, ...editor })) as Row;
    await payload.update({
      collection: "events",
      id: doc.id,
      locale: "en",
      data: { summary: "The editor's summary.", updatedAt: fresh.updatedAt, _status: "published" } as never,
      ...editor,
    });
    expect(((await payload.findByID({ collection: "events", id: doc.id, locale: "en", depth: 0 })) as Row).summary).toBe(
      "The editor's summary.",
    );
  });

  it("says it in the editor's language", async () => {
    const doc = await createInThreeLocales("stale-save-ru");
    const opened = (await payload.findByID({ collection: "events", id: doc.id, draft: true, depth: 0, overrideAccess: true })) as Row;
    await new Promise((resolve) => setImmediate(resolve));
    await payload.update({
      collection: "events",
      id: doc.id,
      locale: "en",
      draft: true,
      data: { summary: "Changed meanwhile." } as never,
      overrideAccess: true,
    });
    const { createLocalReq } = await import("payload");
    const req = await createLocalReq({ user: staff.editor as never }, payload);
    // The editor's admin language is Russian (Payload reads it from the request).
    req.i18n = { ...req.i18n, language: "ru" };
    const stale = await errorOf(
      payload.update({
        collection: "events",
        id: doc.id,
        locale: "en",
        draft: true,
        data: { summary: "Мой текст.", updatedAt: opened.updatedAt } as never,
        req,
        overrideAccess: false,
        depth: 0,
      }),
    );
    expect(stale.status).toBe(409);
    expect(stale.message).toMatch(/перезагрузите страницу/);
  });

  it("never refuses the editor's own autosaves, nor their next save after them", async () => {
    const doc = await createInThreeLocales("stale-save-autosave", false);
    const editor = { user: staff.editor, overrideAccess: false, depth: 0 } as const;
    const opened = (await payload.findByID({ collection: "events", id: doc.id, draft: true, ...editor })) as Row;
    // The admin's form autosaves every few seconds, each time with the updatedAt it opened with.
    for (const summary of ["Typing…", "Typing more…", "Typed."]) {
      await new Promise((resolve) => setImmediate(resolve));
      await payload.update({
        collection: "events",
        id: doc.id,
        locale: "en",
        draft: true,
        autosave: true,
        data: { summary, updatedAt: opened.updatedAt } as never,
        ...editor,
      });
    }
    await payload.update({
      collection: "events",
      id: doc.id,
      locale: "en",
      data: { summary: "Typed.", updatedAt: opened.updatedAt, _status: "published" } as never,
      ...editor,
    });
    expect(((await payload.findByID({ collection: "events", id: doc.id, locale: "en", depth: 0 })) as Row).summary).toBe("Typed.");
  });
});

describe("anonymous visitors", () => {
  it("read published events only, never drafts", async () => {
    const draft = await createInThreeLocales("still-a-draft", false);
    const published = await createInThreeLocales("already-published");
    const visible = await payload.find({ collection: "events", overrideAccess: false, depth: 0, limit: 100 });
    const slugs = visible.docs.map((d) => (d as Row).slug);
    expect(slugs).toContain("already-published");
    expect(slugs).not.toContain("still-a-draft");
    const notFound = await errorOf(payload.findByID({ collection: "events", id: draft.id, overrideAccess: false }));
    expect(notFound.status).toBe(404);
    const drafts = await payload.find({
      collection: "events",
      overrideAccess: false,
      draft: true,
      where: { slug: { equals: "still-a-draft" } },
    });
    expect(drafts.totalDocs).toBe(0);
    expect(published.id).toBeTruthy();
  });

  it("cannot read users", async () => {
    const denied = await errorOf(payload.find({ collection: "users", overrideAccess: false }));
    expect(denied.status).toBe(403);
  });
});

describe("role matrix", () => {
  it("editors create, publish, unpublish and delete events and change settings", async () => {
    const as = { user: staff.editor, overrideAccess: false } as const;
    const doc = await createInThreeLocales("editor-lifecycle");
    const unpublished = (await payload.update({ collection: "events", id: doc.id, data: { _status: "draft" } as never, ...as })) as Row;
    expect(unpublished._status).toBe("draft");
    const anon = await payload.find({ collection: "events", overrideAccess: false, where: { slug: { equals: "editor-lifecycle" } } });
    expect(anon.totalDocs).toBe(0);
    await payload.updateGlobal({ slug: "site-settings", data: { siteName: "CICA Events" } as never, locale: "en", ...as });
    await payload.delete({ collection: "events", id: doc.id, ...as });
    const gone = await payload.count({ collection: "events", where: { slug: { equals: "editor-lifecycle" } } });
    expect(gone.totalDocs).toBe(0);
  });

  it("editors cannot manage users; admins can", async () => {
    const denied = await errorOf(
      payload.create({
        collection: "users",
        data: { email: "x@test.local", password: "Xx-123456789", role: "editor" } as never,
        user: staff.editor,
        overrideAccess: false,
      }),
    );
    expect(denied.status).toBe(403);
    const made = await payload.create({
      collection: "users",
      data: { email: "new.editor@test.local", password: "Xx-123456789", role: "editor" } as never,
      user: staff.admin,
      overrideAccess: false,
    });
    expect((made as Row).role).toBe("editor");
    // An editor cannot promote themselves.
    const self = (await payload.update({
      collection: "users",
      id: staff.editor.id,
      data: { role: "admin" } as never,
      user: staff.editor,
      overrideAccess: false,
    })) as Row;
    expect(self.role).toBe("editor");
  });

  it("a translator saves a draft translation in an assigned language", async () => {
    const doc = await createInThreeLocales("for-translator");
    const saved = (await payload.update({
      collection: "events",
      id: doc.id,
      locale: "ru",
      draft: true,
      data: { title: "Исправленное название", summary: "Новое описание" } as never,
      user: staff.translator,
      overrideAccess: false,
    })) as Row;
    expect(saved.title).toBe("Исправленное название");
    const draft = (await payload.findByID({ collection: "events", id: doc.id, locale: "ru", draft: true })) as Row;
    expect(draft.title).toBe("Исправленное название");
    // The published version is unchanged until an editor publishes.
    const live = (await payload.findByID({ collection: "events", id: doc.id, locale: "ru", overrideAccess: false })) as Row;
    expect(live.title).toBe(russian.title);
  });

  it("refuses a translator's work in another language, on shared fields, publishing, creating and deleting — saying why", async () => {
    const doc = await createInThreeLocales("translator-limits");
    const as = { user: staff.translator, overrideAccess: false } as const;

    const wrongLocale = await errorOf(
      payload.update({ collection: "events", id: doc.id, locale: "zh", draft: true, data: { title: "新标题" } as never, ...as }),
    );
    expect(wrongLocale.status).toBe(403);
    expect(wrongLocale.message).toMatch(/only into ru.*"zh"/);

    const shared = await errorOf(
      payload.update({
        collection: "events",
        id: doc.id,
        locale: "ru",
        draft: true,
        data: { startsAt: "2031-04-01T04:00:00.000Z", country: "CN" } as never,
        ...as,
      }),
    );
    expect(shared.status).toBe(403);
    expect(shared.message).toMatch(/shared by all languages.*startsAt, country/);

    const rows = await errorOf(
      payload.update({ collection: "events", id: doc.id, locale: "ru", draft: true, data: { objectives: [] } as never, ...as }),
    );
    expect(rows.status).toBe(403);
    expect(rows.message).toContain("objectives");

    const publish = await errorOf(
      payload.update({ collection: "events", id: doc.id, locale: "ru", data: { title: "Название", _status: "published" } as never, ...as }),
    );
    expect(publish.status).toBe(403);
    expect(publish.message).toMatch(/editor publishes/);

    const create = await errorOf(
      payload.create({ collection: "events", locale: "ru", data: { title: "Новое" } as never, draft: true, ...as }),
    );
    expect(create.status).toBe(403);
    expect(create.message).toMatch(/cannot create events/);

    const remove = await errorOf(payload.delete({ collection: "events", id: doc.id, ...as }));
    expect(remove.status).toBe(403);
    expect(remove.message).toMatch(/cannot delete events/);

    const settings = await errorOf(
      payload.updateGlobal({
        slug: "site-settings",
        locale: "ru",
        draft: true,
        data: { defaultTimeZone: "Europe/Moscow" } as never,
        ...as,
      }),
    );
    expect(settings.status).toBe(403);
    expect(settings.message).toContain("defaultTimeZone");

    // A translator's settings change is a draft: visitors keep the published text until an editor publishes.
    const live = async () =>
      ((await payload.findGlobal({ slug: "site-settings", locale: "ru", fallbackLocale: false as never, overrideAccess: false })) as Row)
        .banner?.text;
    const liveBefore = await live();
    const translatedBanner = (await payload.updateGlobal({
      slug: "site-settings",
      locale: "ru",
      draft: true,
      data: { banner: { text: "Открытие новой штаб-квартиры" } } as never,
      ...as,
    })) as Row;
    expect(translatedBanner.banner.text).toBe("Открытие новой штаб-квартиры");
    expect(await live()).toBe(liveBefore);
    const settingsLive = await errorOf(
      payload.updateGlobal({ slug: "site-settings", locale: "ru", data: { banner: { text: "Сразу на сайт" } } as never, ...as }),
    );
    expect(settingsLive.status).toBe(403);
    expect(settingsLive.message).toMatch(/save drafts; an editor publishes/);
    expect(await live()).toBe(liveBefore);

    // Nothing of the refused changes was stored.
    const after = (await payload.findByID({ collection: "events", id: doc.id, locale: "all", draft: true })) as Row;
    expect(after.title.zh).toBe(chinese.title);
    expect(after.country).toBe("KZ");
    expect(after.objectives).toHaveLength(1);
  });
});

describe("validation names the field and the language", () => {
  const as = () => ({ user: staff.editor, overrideAccess: false }) as const;

  it.each([
    ["a missing English title", { title: "" }, /title \[en\]: is required/],
    [
      "an e-mail that is not one",
      { contacts: [{ name: "A", emails: ["not-an-address"] }] },
      /contacts\[0\]\.emails \[all languages\]: "not-an-address" must be an e-mail address/,
    ],
    [
      "a phone without country code",
      { contacts: [{ name: "A", phones: ["82268252"] }] },
      /contacts\[0\]\.phones \[all languages\]: "82268252" must be an international number/,
    ],
    [
      "a javascript: link",
      { registrationUrl: "javascript:alert(1)" },
      /registrationUrl \[all languages\]: "javascript:alert\(1\)" must be a full address/,
    ],
    ["an end before the start", { endsAt: "2031-03-09T04:00:00.000Z" }, /endsAt \[all languages\]: must not be before the start/],
    ["an in-person event without a city", { city: "", attendance: "in-person" }, /city \[en\]: is required in English/],
    ["an in-person event without a country", { country: null }, /country \[all languages\]: is required unless the event is online/],
    ["an unknown time zone", { startsAt_tz: "Mars/Olympus" }, /startsAt_tz/],
    [
      "an end typed in another zone than the start",
      { endsAt_tz: "Asia/Shanghai" },
      /endsAt \[all languages\]: must be in the start's time zone \(Asia\/Almaty\), not Asia\/Shanghai/,
    ],
  ])("refuses %s", async (_, patch, expected) => {
    const failure = await errorOf(
      payload.create({
        collection: "events",
        locale: "en",
        data: { ...englishEvent(`invalid-${Math.random().toString(36).slice(2, 8)}`), ...patch, _status: "published" } as never,
        ...as(),
      }),
    );
    expect(failure.status, failure.message).toBe(400);
    expect(failure.message).toMatch(expected);
  });

  it("names the language of a translated field", async () => {
    const doc = await createInThreeLocales("validation-in-russian");
    const failure = await errorOf(
      payload.update({
        collection: "events",
        id: doc.id,
        locale: "ru",
        data: { contacts: [{ id: doc.contacts[0].id, name: "", emails: ["x"] }], _status: "published" } as never,
        ...as(),
      }),
    );
    expect(failure.message).toContain("contacts[0].emails [all languages]");
  });
});

describe("duplicate for a new edition", () => {
  it("copies every language into a draft with slug, dates and status reset", async () => {
    const doc = await createInThreeLocales("annual-forum-2030");
    const endpoint = payload.collections.events!.config.endpoints
      ? (payload.collections.events!.config.endpoints as { path: string; handler: (req: never) => Promise<Response> }[]).find((e) =>
          e.path.endsWith("duplicate-edition"),
        )!
      : undefined;
    expect(endpoint).toBeDefined();
    const { createLocalReq } = await import("payload");
    const req = await createLocalReq({ user: staff.editor as never }, payload);
    (req as Row).routeParams = { id: doc.id };
    const res = await endpoint!.handler(req as never);
    expect(res.status).toBe(201);
    const { doc: created } = (await res.json()) as { doc: { id: string; slug: string } };
    const copy = (await payload.findByID({ collection: "events", id: created.id, locale: "all", draft: true })) as Row;
    expect(copy.slug).toMatch(/^annual-forum-20\d\d$/);
    expect(copy.slug).not.toBe("annual-forum-2030");
    expect(copy._status).toBe("draft");
    expect(copy.status).toBe("scheduled");
    expect(copy.startsAt ?? null).toBeNull();
    expect(copy.title.ru).toBe(russian.title);
    expect(copy.targetAudience.map((r: Row) => r.text.ru)).toEqual(["Ведомства по управлению водными ресурсами;", "Научные институты."]);
  });
});

describe("scheduled publishing", () => {
  it("publishes a draft when its time comes, through the jobs queue", async () => {
    const draft = await createInThreeLocales("scheduled-for-later", false);
    await payload.jobs.queue({
      task: "schedulePublish",
      input: { type: "publish", doc: { relationTo: "events", value: draft.id }, user: { relationTo: "users", value: staff.editor.id } },
      waitUntil: new Date(Date.now() + 1500),
    } as never);
    await payload.jobs.run();
    let anon = await payload.find({ collection: "events", overrideAccess: false, where: { slug: { equals: "scheduled-for-later" } } });
    expect(anon.totalDocs).toBe(0);
    await new Promise((r) => setTimeout(r, 1600));
    await payload.jobs.run();
    anon = await payload.find({ collection: "events", overrideAccess: false, where: { slug: { equals: "scheduled-for-later" } } });
    expect(anon.totalDocs).toBe(1);
    expect((anon.docs[0] as Row).revision).toBe(1);
  });
});
