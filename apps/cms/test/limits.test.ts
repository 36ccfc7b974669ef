import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Payload } from "payload";
import { Slug, type LocaleCode } from "@cica/schema";
import { startPayload } from "./setup/payload";
import { createStaff } from "./setup/users";
import { errorOf } from "./setup/errors";
import { englishEvent } from "./setup/sampleEvent";
import { longRichText, nestedRichText, richTextWithLink } from "./setup/richText";

// Bounded input (issue 8 item 3), bounded slugs and file names (issue 9 item 1)
// and stored links and files (issue 8 item 7), through the Local API as an
// editor: every refusal is a 400 that names the field and the language, on a
// draft as on a publish. REST and body sizes: limits.rest.test.ts.

let payload: Payload;
let staff: Awaited<ReturnType<typeof createStaff>>;

beforeAll(async () => {
  payload = await startPayload("limits");
  staff = await createStaff(payload);
});
afterAll(async () => {
  await payload?.destroy();
});

type Row = Record<string, any>;

const asEditor = () => ({ user: staff.editor, overrideAccess: false }) as const;

const publish = (data: Row, locale: LocaleCode = "en") =>
  payload.create({ collection: "events", locale, data: { ...data, _status: "published" } as never, ...asEditor() });
const saveDraft = (data: Row, locale: LocaleCode = "en") =>
  payload.create({ collection: "events", locale, draft: true, data: { ...data, _status: "draft" } as never, ...asEditor() });

describe("every field has a limit, drafts included", () => {
  it("refuses a 5 MB title naming the field and the language, published or draft", async () => {
    const huge = "x".repeat(5 * 1024 * 1024);
    const published = await errorOf(publish({ ...englishEvent("limits-huge-title"), title: huge }));
    expect(published.status).toBe(400);
    expect(published.message).toMatch(/title \[en\]: must be at most \d+ characters/);

    const draft = await errorOf(saveDraft({ title: huge }, "ru"));
    expect(draft.status).toBe(400);
    expect(draft.message).toMatch(/title \[ru\]: must be at most \d+ characters/);
  });

  it("refuses a 300-character title and accepts one at the limit, emoji counted as one character", async () => {
    const words = "CICA Conference on Confidence Building Measures in Asia 🌏 ";
    const long = words.repeat(10).slice(0, 300);
    const refused = await errorOf(publish({ ...englishEvent("limits-300"), title: long }));
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(/title \[en\]/);

    // 200 code points, more than 200 UTF-16 units because of the emoji.
    const atLimit = [...words.repeat(10)].slice(0, 200).join("").replace(/ $/, ".");
    expect(atLimit.length).toBeGreaterThan(200);
    const { slug: _typed, ...untyped } = englishEvent("unused");
    const saved = (await publish({ ...untyped, title: atLimit })) as Row;
    expect(saved.title).toBe(atLimit);
    expect(Slug.safeParse(saved.slug).success).toBe(true);
    expect(saved.slug).toMatch(/^[\x20-\x7e]{1,80}$/);
  });

  it("refuses too many or too long list lines, even in a draft", async () => {
    const lines = Array.from({ length: 51 }, (_, i) => ({ text: `Objective ${i + 1}.` }));
    const tooMany = await errorOf(saveDraft({ title: "Many objectives", objectives: lines }));
    expect(tooMany.status).toBe(400);
    expect(tooMany.message).toMatch(/objectives \[all languages\]: must have at most \d+ entries/);

    const tooLong = await errorOf(saveDraft({ title: "Long objective", objectives: [{ text: "y".repeat(501) }] }));
    expect(tooLong.status).toBe(400);
    expect(tooLong.message).toMatch(/objectives\[0\]\.text \[en\]: must be at most \d+ characters/);
  });

  it("bounds organisations, media alt text, site settings and users' names", async () => {
    const org = await errorOf(
      payload.create({ collection: "organizations", locale: "ru", data: { name: "Ж".repeat(5000) } as never, ...asEditor() }),
    );
    expect(org.status).toBe(400);
    expect(org.message).toMatch(/name \[ru\]: must be at most/);

    const banner = await errorOf(
      payload.updateGlobal({
        slug: "site-settings",
        locale: "zh",
        data: { banner: { text: "新".repeat(100_000) } } as never,
        ...asEditor(),
      }),
    );
    expect(banner.status).toBe(400);
    expect(banner.message).toMatch(/banner\.text \[zh\]: must be at most/);

    const footer = await errorOf(
      payload.updateGlobal({
        slug: "site-settings",
        locale: "en",
        data: { footer: { links: [{ label: "L".repeat(1000), url: "https://www.s-cica.org/" }] } } as never,
        ...asEditor(),
      }),
    );
    expect(footer.status).toBe(400);
    expect(footer.message).toMatch(/footer\.links\[0\]\.label \[en\]: must be at most/);

    const user = await errorOf(
      payload.update({
        collection: "users",
        id: staff.editor.id,
        data: { name: "N".repeat(10_000) } as never,
        user: staff.editor,
        overrideAccess: false,
      }),
    );
    expect(user.status).toBe(400);
    expect(user.message).toMatch(/name \[all languages\]: must be at most/);

    const sharp = (await import("sharp")).default;
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: { r: 1, g: 2, b: 3 } } })
      .png()
      .toBuffer();
    const alt = await errorOf(
      payload.create({
        collection: "media",
        locale: "en",
        data: { alt: "a".repeat(20_000) } as never,
        file: { data: png, mimetype: "image/png", name: "alt.png", size: png.length },
        ...asEditor(),
      }),
    );
    expect(alt.status).toBe(400);
    expect(alt.message).toMatch(/alt \[en\]: must be at most/);
  });

  it("refuses rich text nested deeper than the limit instead of failing with a 500", async () => {
    // 3,000 levels over REST: limits.rest.test.ts (the Local API itself deep-copies its argument first).
    const refused = await errorOf(saveDraft({ title: "Deep body", body: nestedRichText(100) }));
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(/body \[en\]: must be nested at most \d+ levels deep/);
    const shallow = (await saveDraft({ title: "Shallow body", body: nestedRichText(3) })) as Row;
    expect(shallow.id).toBeTruthy();
  });

  it("refuses rich text over its size limit", async () => {
    const refused = await errorOf(saveDraft({ title: "Big body", body: longRichText(30, "Слово", 1000) }, "ru"));
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(/body \[ru\]: must be at most \d+ KB/);
  });
});

describe("addresses and file names stay short and ASCII", () => {
  it("refuses a typed slug that is not lower-case words joined by hyphens, instead of rewriting it", async () => {
    const refused = await errorOf(publish({ ...englishEvent("Upper Case/../x") }));
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(/slug \[all languages\]: "Upper Case\/\.\.\/x" must be lower-case words joined by hyphens/);
    const tooLong = await errorOf(publish({ ...englishEvent("a".repeat(81)) }));
    expect(tooLong.status).toBe(400);
    expect(tooLong.message).toMatch(/slug \[all languages\]/);
  });

  it("proposes a readable ASCII slug from a Russian-only or Chinese-only title", async () => {
    const ru = (await saveDraft({ title: "Совещание экспертов СВМДА по водной безопасности" }, "ru")) as Row;
    expect(ru.slug).toBe("soveshchanie-ekspertov-svmda-po-vodnoy-bezopasnosti");
    const zh = (await saveDraft({ title: "亚信水安全专家会议" }, "zh")) as Row;
    expect(Slug.safeParse(zh.slug).success).toBe(true);
    expect(zh.slug).toContain("ya-xin");
  });
});

describe("stored links and files", () => {
  it("refuses javascript:, data: and other link schemes in rich text, naming field and language", async () => {
    for (const [url, type] of [
      ["javascript:alert(document.cookie)", "link"],
      ["data:text/html,<script>alert(1)</script>", "link"],
      ["vbscript:x", "autolink"],
    ] as const) {
      const refused = await errorOf(saveDraft({ title: `Link ${type}`, body: richTextWithLink(url, type) }, "zh"));
      expect(refused.status).toBe(400);
      expect(refused.message).toMatch(/body \[zh\]: the link .* must start with https:\/\/, http:\/\/, mailto: or tel:/);
    }
    const ok = (await saveDraft({ title: "Safe link", body: richTextWithLink("https://www.s-cica.org/") })) as Row;
    expect(ok.id).toBeTruthy();
  });

  it("refuses SVG uploads, plain or carrying script", async () => {
    const drawings = [
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="teal"/></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
    ];
    for (const drawing of drawings) {
      const svg = Buffer.from(drawing);
      const refused = await errorOf(
        payload.create({
          collection: "media",
          locale: "en",
          data: { alt: "A drawing" } as never,
          file: { data: svg, mimetype: "image/svg+xml", name: "drawing.svg", size: svg.length },
          ...asEditor(),
        }),
      );
      expect(refused.status).toBe(400);
      expect(refused.message).toMatch(/file|type/i);
    }
  });

  it("stores an upload with a very long name under a name short enough for any file system", async () => {
    const sharp = (await import("sharp")).default;
    const png = await sharp({ create: { width: 500, height: 400, channels: 3, background: { r: 9, g: 9, b: 9 } } })
      .png()
      .toBuffer();
    const name = `${"Заседание-".repeat(30)}.png`;
    const saved = (await payload.create({
      collection: "media",
      locale: "en",
      data: { alt: "A meeting room" } as never,
      file: { data: png, mimetype: "image/png", name, size: png.length },
      ...asEditor(),
    })) as Row;
    expect(Buffer.byteLength(saved.filename)).toBeLessThanOrEqual(255 - 20);
    expect(saved.filename).toMatch(/\.png$/);
    for (const size of Object.values(saved.sizes as Record<string, { filename?: string }>)) {
      if (size.filename) expect(Buffer.byteLength(size.filename)).toBeLessThan(255);
    }
  });
});
