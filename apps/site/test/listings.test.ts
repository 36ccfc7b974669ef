import path from "node:path";
import { stat } from "node:fs/promises";
import fc from "fast-check";
import { DomUtils, parseDocument } from "htmlparser2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localeCodes } from "@cica/schema";
import { dictionaries } from "../lib/i18n.js";
import { languagesLine } from "../lib/view/format.js";
import { PAGE_SIZE, pageWindow } from "../lib/view/listings.js";
import { SAMPLE_NOW, generatedSnapshot } from "./fixtures/generate.js";
import { buildSample, filesUnder, read, removeTempDirs } from "./support/build.js";

afterAll(removeTempDirs);

// Issue 12, listings: the events index paged at 50 events at most, with pages by year and by
// country (paged too) linked from it, every page under 60 KB of HTML, each event listed exactly
// once per listing, pages chained by rel="prev"/"next" and an accessible pagination nav.

const COUNT = 260;
const snapshot = generatedSnapshot(COUNT, SAMPLE_NOW);
// One event with a registration deadline (generated events have none), for the Chinese brackets below.
const withDeadline = snapshot.events[1]!;
Object.assign(withDeadline, {
  registrationUrl: "https://www.s-cica.org/",
  registrationDeadline: new Date(Date.parse(withDeadline.startsAt) - 10 * 864e5).toISOString(),
});
// Set in beforeAll, before any test runs.
let out!: string;

beforeAll(async () => {
  const { outputDir, result } = await buildSample({ snapshot });
  expect(result.errors).toEqual([]);
  out = outputDir;
}, 300_000);

type Element = ReturnType<typeof DomUtils.findAll>[number];
const doc = async (file: string) => parseDocument(await read(out, file));
const all = (root: ReturnType<typeof parseDocument>, test: (e: Element) => boolean) => DomUtils.findAll(test, root.children);
/** The element's parent element, if it has one. */
const parentOf = (e: Element): { name: string; attribs: Record<string, string> } | undefined => {
  const parent = e.parent;
  return parent && "attribs" in parent ? parent : undefined;
};
/** The event pages a listing page links to from its cards' titles. */
const cardLinks = (root: ReturnType<typeof parseDocument>) =>
  all(root, (e) => e.name === "a" && parentOf(e)?.attribs.class === "event-card-title").map((a) => a.attribs.href ?? "");

/** Follows rel="next" from a listing's first page; returns each page's file. */
async function chain(first: string): Promise<string[]> {
  const files: string[] = [];
  let url: string | undefined = first;
  while (url) {
    const file = `${url.slice(1)}index.html`;
    files.push(file);
    const root = await doc(file);
    const next = all(root, (e) => e.name === "a" && e.attribs.rel === "next")[0]?.attribs.href;
    const head = all(root, (e) => e.name === "link" && e.attribs.rel === "next")[0]?.attribs.href;
    expect(head, `${file}: <link rel="next"> and the nav's next link agree`).toBe(next);
    url = next;
    expect(files.length).toBeLessThan(100);
  }
  return files;
}

describe("the events index and its year and country listings", () => {
  it("pages the index at 50 events, each event exactly once, chained by rel=prev/next", async () => {
    for (const locale of localeCodes) {
      const files = await chain(`/${locale}/events/`);
      expect(files).toHaveLength(Math.ceil(COUNT / PAGE_SIZE));
      expect(files[1]).toBe(`${locale}/events/page/2/index.html`);
      const seen: string[] = [];
      for (const [i, file] of files.entries()) {
        const root = await doc(file);
        const links = cardLinks(root);
        expect(links.length).toBeLessThanOrEqual(PAGE_SIZE);
        seen.push(...links);
        const prev = all(root, (e) => e.name === "link" && e.attribs.rel === "prev")[0]?.attribs.href;
        expect(prev).toBe(i === 0 ? undefined : `/${files[i - 1]?.replace(/index\.html$/, "")}`);
        // The nav is named, and says which page is shown.
        const nav = all(root, (e) => e.name === "nav" && e.attribs.class === "pagination")[0];
        expect(nav?.attribs["aria-label"]).toBe(dictionaries()[locale].pagination);
        const current = all(root, (e) => e.name === "a" && e.attribs["aria-current"] === "page" && parentOf(e)?.name === "li");
        expect(current.map((a) => a.attribs.href)).toContain(`/${file.replace(/index\.html$/, "")}`);
      }
      expect(seen).toHaveLength(COUNT);
      expect(new Set(seen).size).toBe(COUNT);
    }
  }, 120_000);

  it("links every year and country listing from the index; each lists exactly its events, paged", async () => {
    const root = await doc("en/events/index.html");
    const filterLinks = all(root, (e) => e.name === "a" && /^\/en\/events\/(year|country)\/[^/]+\/$/.test(e.attribs.href ?? "")).map(
      (a) => a.attribs.href ?? "",
    );
    const years = filterLinks.filter((h) => h.includes("/year/"));
    const countries = filterLinks.filter((h) => h.includes("/country/"));
    expect(years.length).toBeGreaterThanOrEqual(4);
    expect(countries.length).toBe(new Set(snapshot.events.map((e) => e.country).filter(Boolean)).size);
    const listed = async (first: string) => {
      const out: string[] = [];
      for (const file of await chain(first)) out.push(...cardLinks(await doc(file)));
      return out;
    };
    const inYears = (await Promise.all(years.map(listed))).flat();
    expect(inYears.sort()).toEqual(snapshot.events.map((e) => `/en/events/${e.slug}/`).sort());
    const kz = await listed("/en/events/country/kz/");
    expect(kz.sort()).toEqual(
      snapshot.events
        .filter((e) => e.country === "KZ")
        .map((e) => `/en/events/${e.slug}/`)
        .sort(),
    );
    // A year with more than 50 events is paged too.
    expect(Math.max(...(await Promise.all(years.map(async (y) => (await chain(y)).length))))).toBeGreaterThan(1);
  }, 120_000);

  it("keeps every listing page under 60 KB of HTML", async () => {
    const listingFiles = (await filesUnder(out, ".html")).filter((f) =>
      /\/[a-z]{2}\/events\/(index\.html|page\/|year\/|country\/)/.test(f.slice(out.length)),
    );
    expect(listingFiles.length).toBeGreaterThan(3 * 15);
    const sizes = await Promise.all(listingFiles.map(async (f) => ({ f, size: (await stat(f)).size })));
    expect(sizes.filter((s) => s.size > 60 * 1024)).toEqual([]);
  });

  it("keeps the site's CSS within 20 KB in total, uncompressed", async () => {
    const css = await filesUnder(path.join(out, "assets"), ".css");
    const total = (await Promise.all(css.map(async (f) => (await stat(f)).size))).reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(20 * 1024);
  });

  it("lists every listing page in the sitemap", async () => {
    const sitemap = await read(out, "sitemaps/pages.xml");
    for (const file of ["en/events/page/2/", "ru/events/year/2021/", "zh/events/country/kz/"]) {
      expect(sitemap).toContain(`<loc>https://events.example.org/${file}</loc>`);
    }
  });
});

describe("property: the page numbers a pagination nav links", () => {
  it("always include the first, the last and the current page with its neighbours, in order, gaps only where numbers are left out", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }).chain((total) => fc.tuple(fc.integer({ min: 1, max: total }), fc.constant(total))),
        ([current, total]) => {
          const window = pageWindow(current, total);
          const numbers = window.filter((n): n is number => n !== null);
          for (const must of [1, total, current, current - 1, current + 1].filter((n) => n >= 1 && n <= total)) {
            expect(numbers).toContain(must);
          }
          expect(numbers).toEqual([...new Set(numbers)].sort((a, b) => a - b));
          window.forEach((n, i) => {
            if (n === null) expect((window[i + 1] ?? 0) - (window[i - 1] ?? 0)).toBeGreaterThan(1);
            else if (i > 0 && window[i - 1] !== null) expect(n - (window[i - 1] ?? 0)).toBe(1);
          });
          expect(window.length).toBeLessThanOrEqual(9);
        },
      ),
    );
  });
});

describe("Chinese wording (issue 12)", () => {
  it("uses full-width punctuation: 英语；无口译", () => {
    const t = dictionaries();
    expect(languagesLine({ workingLanguages: ["en"], interpretation: "none" }, "zh", t.zh)).toBe("英语；无口译");
    expect(languagesLine({ workingLanguages: ["en"], interpretation: "none" }, "en", t.en)).toBe("English; no interpretation");
  });

  it("puts no space after a full-width colon on the pages, and cancelled calendar entries read （已取消）", async () => {
    const cancelled = snapshot.events.find((e) => e.status === "cancelled");
    const html = await read(out, `zh/events/${cancelled?.slug}/index.html`);
    const text = html.replace(/<[^>]+>/g, "");
    expect(text).not.toMatch(/： /);
    const ics = await read(out, `zh/events/${cancelled?.slug}.ics`);
    expect(ics.replace(/\r\n /g, "")).toMatch(/SUMMARY:[^\r\n]*（已取消）/);
    expect(ics.replace(/\r\n /g, "")).not.toMatch(/状态： /);
  });

  it("puts the registration deadline in full-width brackets: （报名截止：…）", async () => {
    const text = (await read(out, `zh/events/${withDeadline.slug}/index.html`)).replace(/<[^>]+>/g, "");
    expect(text).toMatch(/报名参加（报名截止：.+）/);
    expect(text).not.toMatch(/\(报名截止/);
    const english = (await read(out, `en/events/${withDeadline.slug}/index.html`)).replace(/<[^>]+>/g, "");
    expect(english).toMatch(/Register to take part \(Registration closes: .+\)/);
  });
});
