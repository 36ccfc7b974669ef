import { describe, expect, it } from "vitest";
import {
  Email,
  PhoneNumber,
  SafeUrl,
  TimeZone,
  checkValue,
  gmtOffsetLabel,
  instantToWallClock,
  instantWithOffset,
  phoneHref,
  timeZoneName,
  wallClockToInstant,
} from "../src/index.js";

describe("validators shared by the CMS and the site", () => {
  it("accepts IANA zones and refuses made-up ones", () => {
    for (const zone of ["Asia/Shanghai", "Asia/Almaty", "Europe/Moscow", "UTC"]) expect(checkValue(TimeZone, zone)).toBeNull();
    for (const zone of ["Asia/Beijing", "GMT+8", "CST", ""]) expect(checkValue(TimeZone, zone)).toMatch(/IANA time zone/);
  });

  it("allows only http, https, mailto and tel addresses", () => {
    for (const url of ["https://www.s-cica.org/", "http://www.fecomee.org.cn/", "mailto:an.na@fecomee.org.cn", "tel:+861082268252"]) {
      expect(checkValue(SafeUrl, url)).toBeNull();
    }
    for (const url of ["javascript:alert(1)", "data:text/html,hi", "ftp://example.org/x", "www.s-cica.org", "https://intranet"]) {
      expect(checkValue(SafeUrl, url)).toMatch(/full address/);
    }
  });

  it("checks e-mail addresses", () => {
    expect(checkValue(Email, "li.fei@fecomee.org.cn")).toBeNull();
    expect(checkValue(Email, "li.fei@")).toMatch(/e-mail address/);
  });

  it("accepts international phone numbers as written and refuses local ones", () => {
    for (const phone of ["+86-10-82268252", "+7 7172 99 00 00", "+7 (7172) 99-00-00", "+90 312 555 1234"]) {
      expect(PhoneNumber.parse(phone)).toBe(phone);
    }
    for (const phone of ["82268252", "+86", "+86-10-8226825x", "call me"])
      expect(checkValue(PhoneNumber, phone)).toMatch(/international number/);
    expect(phoneHref("+86-10-82268252")).toBe("tel:+861082268252");
  });
});

describe("time in the event's own zone", () => {
  it("turns the editor's wall-clock time into the instant and back", () => {
    expect(wallClockToInstant("2022-10-31T13:00", "Asia/Shanghai")).toBe("2022-10-31T05:00:00.000Z");
    expect(instantToWallClock("2022-10-31T05:00:00.000Z", "Asia/Shanghai")).toBe("2022-10-31T13:00");
    expect(wallClockToInstant("2024-03-31T10:00", "Europe/Moscow")).toBe("2024-03-31T07:00:00.000Z");
  });

  it("writes offsets the way the announcements do", () => {
    expect(gmtOffsetLabel("2022-10-31T05:00:00Z", "Asia/Shanghai")).toBe("GMT+8");
    expect(gmtOffsetLabel("2022-10-31T05:00:00Z", "Asia/Kolkata")).toBe("GMT+5:30");
    expect(gmtOffsetLabel("2022-10-31T05:00:00Z", "UTC")).toBe("GMT");
    expect(instantWithOffset("2022-10-31T05:00:00.000Z", "Asia/Shanghai")).toBe("2022-10-31T13:00:00+08:00");
  });

  it("names zones in each language", () => {
    expect(timeZoneName("Asia/Shanghai", "en")).toBe("Beijing time");
    expect(timeZoneName("Asia/Shanghai", "ru")).toBe("по пекинскому времени");
    expect(timeZoneName("Asia/Shanghai", "zh")).toBe("北京时间");
    expect(timeZoneName("America/New_York", "en")).toBe("Eastern Time");
  });
});
