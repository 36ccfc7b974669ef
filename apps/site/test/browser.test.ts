import { readFileSync } from "node:fs";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { localeCodes, type LocaleCode } from "@cica/schema";
import { SOURCE_EVENT, SOURCE_ORGANIZATIONS, type EventInput } from "./fixtures/generate.js";
import { builtSiteInBrowser } from "./support/built-site-in-browser.js";

declare global {
  interface Window {
    /** axe-core, added to the page by the accessibility test. */
    axe: typeof axe;
  }
}

// What a visitor sees, in Debian's Chromium: accessibility (axe-core), the
// announcement's every line, and pages that work with and without JavaScript.

// The sample, built and served, and one Chromium for this file.
const site = builtSiteInBrowser();

async function visibleText(path: string, { javaScriptEnabled = true } = {}): Promise<string> {
  const context = await site.browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await page.goto(site.url + path);
  const text = await page.locator("body").innerText();
  await context.close();
  return text;
}

const seminar = (locale: LocaleCode) => `/${locale}/events/${SOURCE_EVENT.slug}/`;

describe("accessibility", () => {
  const pages = localeCodes.flatMap((l) => [
    `/${l}/`,
    `/${l}/events/`,
    seminar(l),
    `/${l}/events/expert-meeting-on-countering-illicit-drug-trafficking/`,
    `/${l}/404.html`,
  ]);

  it.each(pages)(
    "axe-core finds no WCAG 2.2 A/AA violations on %s",
    async (path) => {
      const page = await site.browser.newPage();
      await page.goto(site.url + path);
      await page.addScriptTag({ content: axe.source });
      const result = await page.evaluate(() =>
        window.axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
        }),
      );
      await page.close();
      const violations = result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      expect(violations).toEqual([]);
    },
    30_000,
  );
});

// Compares text the way a reader does: list numbers and bullets, spacing, and
// spaces next to punctuation or Chinese characters do not count.
function normalise(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trim().replace(/^(\d+\)|[•·])\s*/, ""))
    .join(" ")
    .replace(/\s+/g, " ")
    .replace(/\s+([,;.:)])/g, "$1")
    .replace(/\s*([\u3000-\u303f\uff00-\uffef\u4e00-\u9fff])\s*/g, "$1")
    .trim();
}

// The two prose lines of the source announcement are content the CMS holds as
// fields (status, date, city, form); the page writes them from those fields in
// the form the issue asks for, so they are checked as those facts.
const englishFromFields = new Map([
  [
    "Date: The seminar is tentatively scheduled to be held in Beijing, China, 13.00 (Beijing time, GMT + 8), on October 31,2022",
    ["Date: 31 October 2022, 13:00 (Beijing time, GMT+8)", "Status: Tentatively scheduled", "Place: Beijing, China"],
  ],
  ["Form: The seminar will be held online", ["Form: Online"]],
]);

function englishLines() {
  const source = readFileSync(new URL("./fixtures/source-announcement.txt", import.meta.url), "utf8");
  return source
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .flatMap((line) => englishFromFields.get(line) ?? [line]);
}

const [mee, feco] = SOURCE_ORGANIZATIONS;
const contact = SOURCE_EVENT.contacts?.[0];
if (!mee || !feco || !contact?.organization) throw new Error("the source announcement names two hosts and a contact with an organisation");
/** A translation the fixture holds; the test cannot look for a line it does not have. */
function must(text: string | null | undefined): string {
  if (!text) throw new Error("the source announcement lacks a translation this test looks for");
  return text;
}
const lines = (list: EventInput["objectives"], locale: LocaleCode) => (list ?? []).map((line) => must(line.text[locale]));

const expected: Record<LocaleCode, string[]> = {
  en: englishLines(),
  ru: [
    "Главная новость: Открытие новой штаб-квартиры СВМДА в Астане – Подробнее →",
    "Предстоящие мероприятия",
    must(SOURCE_EVENT.title.ru),
    `Организаторы: ${must(mee.name.ru)}; ${must(feco.name.ru)}`,
    "Целевая аудитория:",
    ...lines(SOURCE_EVENT.targetAudience, "ru"),
    "Дополнительная информация:",
    ...lines(SOURCE_EVENT.objectives, "ru"),
    "Дата: 31 октября 2022 г., 13:00 (по пекинскому времени, GMT+8)",
    "Статус: Предварительно запланировано",
    "Место: Пекин, Китай",
    "Формат: Онлайн",
    "Рабочие языки: Синхронный перевод на китайский, английский и русский языки",
    "За дополнительной информацией обращайтесь:",
    must(contact.organization.ru),
    `Контактное лицо: ${must(contact.name.ru)} Тел.: +86-10-82268252; +86-10-82268259 Факс: +86-10-82200577`,
    "Эл. почта: an.na@fecomee.org.cn, li.fei@fecomee.org.cn",
    "Поделиться",
  ],
  zh: [
    "要闻：亚信新总部大楼在阿斯塔纳落成启用 – 详情 →",
    "近期活动",
    must(SOURCE_EVENT.title.zh),
    `主办单位：${must(mee.name.zh)}；${must(feco.name.zh)}`,
    "参会对象：",
    ...lines(SOURCE_EVENT.targetAudience, "zh"),
    "其他信息：",
    ...lines(SOURCE_EVENT.objectives, "zh"),
    "时间：2022年10月31日 13:00（北京时间，GMT+8）",
    "状态：暂定",
    "地点：中国北京",
    "形式：线上",
    "工作语言：提供中文、英语和俄语同声传译",
    "如需了解更多信息，请联系：",
    must(contact.organization.zh),
    `联系人：${must(contact.name.zh)} 电话：+86-10-82268252；+86-10-82268259 传真：+86-10-82200577`,
    "电子邮箱：an.na@fecomee.org.cn、li.fei@fecomee.org.cn",
    "分享",
  ],
};

describe("the source announcement", () => {
  it("has 20 English lines to find, every one from the announcement file", () => {
    expect(expected.en.length).toBeGreaterThanOrEqual(20);
    expect(expected.en).toContain("Contact: Ms. Anna, Ms. LI Fei Tel: +86-10-82268252; +86-10-82268259 Fax: +86-10-82200577");
  });

  it.each(localeCodes)(
    "its page shows every line of the announcement in %s, without JavaScript",
    async (locale) => {
      const text = normalise(await visibleText(seminar(locale), { javaScriptEnabled: false }));
      const missing = expected[locale].filter((line) => !text.includes(normalise(line)));
      expect(missing).toEqual([]);
    },
    30_000,
  );

  it("links both phone numbers as tel: and the e-mail addresses as mailto:", async () => {
    const page = await site.browser.newPage();
    await page.goto(site.url + seminar("en"));
    const hrefs = await page.locator(".contact a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    await page.close();
    expect(hrefs).toEqual(["tel:+861082268252", "tel:+861082268259", "mailto:an.na@fecomee.org.cn", "mailto:li.fei@fecomee.org.cn"]);
  });
});

describe("with and without JavaScript", () => {
  it("without JavaScript, / is a plain language chooser and share buttons that need a script stay hidden", async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false, locale: "ru-RU" });
    const page = await context.newPage();
    await page.goto(`${site.url}/`);
    expect(new URL(page.url()).pathname).toBe("/");
    expect(await page.getByRole("link", { name: /Русский/ }).getAttribute("href")).toBe("/ru/");
    await page.goto(site.url + seminar("en"));
    expect(await page.getByRole("button", { name: "Copy link" }).isVisible()).toBe(false);
    expect(await page.getByRole("link", { name: "Send by e-mail" }).isVisible()).toBe(true);
    await context.close();
  });

  it("with JavaScript, / moves a Russian-speaking visitor to /ru/", async () => {
    const context = await site.browser.newContext({ locale: "ru-RU" });
    const page = await context.newPage();
    await page.goto(`${site.url}/`);
    await page.waitForURL(/\/ru\/$/);
    expect(await page.locator("html").getAttribute("lang")).toBe("ru");
    await context.close();
  });

  it("adds the visitor's own local time beside the event's time", async () => {
    const context = await site.browser.newContext({ timezoneId: "America/New_York", locale: "en-GB" });
    const page = await context.newPage();
    await page.goto(site.url + seminar("en"));
    // 05:00 UTC on 31 October 2022 is 01:00 in New York (summer time still).
    await expect.poll(() => page.locator(".local-time").innerText()).toMatch(/^Your local time: 31 October 2022(,| at) 01:00/);
    expect(await page.getByRole("button", { name: "Copy link" }).isVisible()).toBe(true);
    await context.close();
  });
});
