import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  Event,
  Media,
  Organization,
  SiteSettings,
  formatIssues,
  localeCodes,
  parseDocument,
  resolveEvent,
  resolveSiteSettings,
} from "../src/index.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/source-announcement.json", import.meta.url), "utf8"));
const announcement = readFileSync(new URL("../../../../shared/source-announcement.txt", import.meta.url), "utf8");

function clone<T>(value: T): T {
  return structuredClone(value);
}

describe("the source announcement as content", () => {
  it("is a valid event, organisations and settings", () => {
    expect(Event.safeParse(fixture.event).success).toBe(true);
    for (const org of fixture.organizations) expect(Organization.safeParse(org).success).toBe(true);
    expect(SiteSettings.safeParse(fixture.settings).success).toBe(true);
  });

  it("keeps every free-text line of the announcement word for word in English", () => {
    const event = Event.parse(fixture.event);
    const english = resolveEvent(event, "en");
    const orgNames = fixture.organizations.map((o: { name: { en: string } }) => o.name.en);
    const stored = [
      english.title,
      ...english.targetAudience.map((l) => l.text),
      ...english.objectives.map((l) => l.text),
      ...orgNames,
      ...english.contacts.flatMap((c) => [c.name, c.organization ?? "", ...c.phones, c.fax ?? "", ...c.emails]),
    ];
    for (const text of stored) expect(announcement).toContain(text);
    expect(announcement).toContain(`Host: ${orgNames.join("; ")}`);
  });

  it("has every list line in Russian and Chinese too", () => {
    const event = Event.parse(fixture.event);
    for (const locale of ["ru", "zh"] as const) {
      const resolved = resolveEvent(event, locale);
      expect(resolved.fallbacks).toEqual({});
      expect(resolved.targetAudience).toHaveLength(5);
      expect(resolved.objectives).toHaveLength(4);
      expect(resolved.targetAudience.every((l) => l.lang === locale)).toBe(true);
    }
  });
});

describe("resolving to one locale", () => {
  it("falls back to English and says which fields did", () => {
    const event = clone(fixture.event);
    event.title.zh = null;
    event.objectives[1].text.zh = "";
    const resolved = resolveEvent(Event.parse(event), "zh");
    expect(resolved.title).toBe("CICA Seminar on green and low-carbon city development");
    expect(resolved.fallbacks).toMatchObject({ title: "en", objectives: "en" });
    expect(resolved.objectives[1]).toEqual({ text: fixture.event.objectives[1].text.en, lang: "en" });
    expect(resolved.objectives[0]?.lang).toBe("zh");
  });

  it("hides the banner once it has expired or is switched off", () => {
    const settings = SiteSettings.parse({ ...fixture.settings, banner: { ...fixture.settings.banner, expiresAt: "2026-01-01T00:00:00Z" } });
    expect(resolveSiteSettings(settings, "ru", new Date("2025-12-31T23:59:00Z")).banner?.text).toBe(
      "Открытие новой штаб-квартиры СВМДА в Астане",
    );
    expect(resolveSiteSettings(settings, "ru", new Date("2026-01-01T00:00:01Z")).banner).toBeUndefined();
    const off = SiteSettings.parse({ ...fixture.settings, banner: { ...fixture.settings.banner, enabled: false } });
    expect(resolveSiteSettings(off, "en").banner).toBeUndefined();
  });
});

describe("invalid content", () => {
  it("names the document, the locale and the field", () => {
    const event = clone(fixture.event);
    event.contacts[0].emails[1] = "li.fei at fecomee";
    event.title.en = "";
    event.onlineUrl = "javascript:alert(1)";
    const parsed = parseDocument(Event, "events", event);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.lines).toContain(
      "events/64f0000000000000000000e1 · contacts[0].emails[1]: must be an e-mail address such as name@example.org",
    );
    expect(parsed.lines.some((l) => l.startsWith("events/64f0000000000000000000e1 · en · title:"))).toBe(true);
    expect(parsed.lines.some((l) => l.startsWith("events/64f0000000000000000000e1 · onlineUrl: must be a full address"))).toBe(true);
  });

  it("puts a translated field's locale in its own column", () => {
    const bad = Organization.safeParse({ ...fixture.organizations[0], name: { en: "MEE", ru: 42 } });
    expect(bad.success).toBe(false);
    if (bad.success) return;
    expect(formatIssues("organizations/x", bad.error)[0]).toMatch(/^organizations\/x · ru · name: /);
  });

  it("refuses an end before the start, a made-up zone and a missing city for in-person events", () => {
    const event = {
      ...clone(fixture.event),
      endsAt: "2022-10-30T00:00:00Z",
      timeZone: "Asia/Beijing",
      attendance: "in-person",
      city: null,
    };
    const parsed = parseDocument(Event, "events", event);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const text = parsed.lines.join("\n");
    expect(text).toContain("timeZone: must be an IANA time zone");
    expect(text).toContain("endsAt: must not be before the start");
    expect(text).toContain("en · city: is required unless the event is online");
  });

  it("requires localised alt text on images but not on PDFs", () => {
    const base = { id: "m1", url: "/media/a", filename: "a", updatedAt: "2022-01-01T00:00:00Z" };
    expect(Media.safeParse({ ...base, mimeType: "image/jpeg", alt: { ru: "Фото" } }).success).toBe(false);
    expect(Media.safeParse({ ...base, mimeType: "image/jpeg", alt: { en: "Photo" } }).success).toBe(true);
    expect(Media.safeParse({ ...base, mimeType: "application/pdf" }).success).toBe(true);
  });

  it("covers every locale in the list", () => {
    expect(localeCodes).toEqual(["en", "ru", "zh"]);
  });
});
