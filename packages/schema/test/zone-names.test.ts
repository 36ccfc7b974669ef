import { describe, expect, it } from "vitest";
import { localeCodes, timeZoneName, type LocaleCode } from "../src/index.js";

// Issue 10, item 7: zone names as a reader of each language expects them.
// Intl (ICU) named Europe/London "United Kingdom Time" and Asia/Kathmandu
// «Непал»; a place where a time is expected reads wrong.

type Names = Record<LocaleCode, string>;
const memberStateZones: Record<string, Names> = {
  "Asia/Almaty": { en: "Astana time", ru: "по времени Астаны", zh: "阿斯塔纳时间" },
  "Asia/Tashkent": { en: "Tashkent time", ru: "по ташкентскому времени", zh: "塔什干时间" },
  "Asia/Kolkata": { en: "India Standard Time", ru: "по индийскому времени", zh: "印度标准时间" },
  "Asia/Kathmandu": { en: "Kathmandu time", ru: "по времени Катманду", zh: "加德满都时间" },
  "Asia/Tehran": { en: "Tehran time", ru: "по тегеранскому времени", zh: "德黑兰时间" },
  "Asia/Shanghai": { en: "Beijing time", ru: "по пекинскому времени", zh: "北京时间" },
  "Asia/Seoul": { en: "Seoul time", ru: "по сеульскому времени", zh: "首尔时间" },
  "Europe/Moscow": { en: "Moscow time", ru: "по московскому времени", zh: "莫斯科时间" },
  "Africa/Cairo": { en: "Cairo time", ru: "по каирскому времени", zh: "开罗时间" },
  "America/New_York": { en: "Eastern Time", ru: "по нью-йоркскому времени", zh: "纽约时间" },
  "Europe/London": { en: "London time", ru: "по лондонскому времени", zh: "伦敦时间" },
  "Asia/Dhaka": { en: "Dhaka time", ru: "по времени Дакки", zh: "达卡时间" },
  "Asia/Baku": { en: "Baku time", ru: "по бакинскому времени", zh: "巴库时间" },
  "Asia/Bangkok": { en: "Bangkok time", ru: "по бангкокскому времени", zh: "曼谷时间" },
  "Asia/Ho_Chi_Minh": { en: "Hanoi time", ru: "по ханойскому времени", zh: "河内时间" },
  "Asia/Yangon": { en: "Yangon time", ru: "по времени Янгона", zh: "仰光时间" },
  "Asia/Colombo": { en: "Colombo time", ru: "по времени Коломбо", zh: "科伦坡时间" },
  "Europe/Minsk": { en: "Minsk time", ru: "по минскому времени", zh: "明斯克时间" },
  "Europe/Istanbul": { en: "Ankara time", ru: "по анкарскому времени", zh: "安卡拉时间" },
};

describe("zone names (issue 10, item 7)", () => {
  it.each(Object.entries(memberStateZones))("names %s as its readers say it, in en, ru and zh", (zone, names) => {
    for (const locale of localeCodes) expect(timeZoneName(zone, locale)).toBe(names[locale]);
  });

  it("names London by its city, not the country, in every language", () => {
    expect(timeZoneName("Europe/London", "en")).not.toMatch(/United Kingdom/);
    expect(timeZoneName("Europe/London", "ru")).not.toMatch(/Великобритания/);
    expect(timeZoneName("Europe/London", "zh")).not.toMatch(/英国/);
  });

  it("gives the legacy alias the canonical zone's name", () => {
    expect(timeZoneName("Asia/Calcutta", "ru")).toBe(timeZoneName("Asia/Kolkata", "ru"));
    expect(timeZoneName("Asia/Katmandu", "en")).toBe("Kathmandu time");
    expect(timeZoneName("Asia/Saigon", "zh")).toBe("河内时间");
  });

  it("says «время» in Russian for a zone outside the table, never a bare place", () => {
    // Every zone Intl knows: a Russian reader never gets ICU's bare «Непал» or «Центральная Европа».
    for (const zone of Intl.supportedValuesOf("timeZone")) {
      const name = timeZoneName(zone, "ru");
      expect(name, zone).toMatch(/времени|время|часовой пояс|UTC/);
    }
    expect(timeZoneName("Europe/Paris", "ru")).toBe("по центральноевропейскому времени");
    expect(timeZoneName("Asia/Yekaterinburg", "ru")).toBe("часовой пояс «Екатеринбург»");
  });
});
