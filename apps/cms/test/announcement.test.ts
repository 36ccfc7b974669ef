import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Payload } from "payload";
import { Event, Organization, SiteSettings, eventStatusLabels, interpretationLabels } from "@cica/schema";
import { startPayload } from "./setup/payload";

// The product must carry the real announcement completely. Every non-empty
// line of ../shared/source-announcement.txt is matched to the seeded content;
// a line nobody accounts for fails the test.

const announcementPath = path.resolve(import.meta.dirname, "../../../../shared/source-announcement.txt");

let payload: Payload;
let event: Event;
let hosts: Organization[];
let settings: SiteSettings;

beforeAll(async () => {
  payload = await startPayload("announcement");
  const { seed } = await import("../src/seed/index");
  await seed(payload);
  const found = await payload.find({
    collection: "events",
    locale: "all",
    depth: 0,
    where: { slug: { equals: "cica-seminar-on-green-and-low-carbon-city-development" } },
  });
  event = Event.parse(found.docs[0]);
  const orgs = await payload.find({ collection: "organizations", locale: "all", depth: 0, limit: 100 });
  hosts = event.hosts.map((id) => Organization.parse(orgs.docs.find((o) => o.id === id)));
  settings = SiteSettings.parse(await payload.findGlobal({ slug: "site-settings", locale: "all", depth: 0 }));
});
afterAll(async () => {
  await payload?.destroy();
});

/** Collapses the source's spacing so "October 31,2022" and " , " compare by words. */
const norm = (s: string) => s.replace(/\s+/g, " ").trim();

describe("the seeded source announcement", () => {
  it("carries every line of the source text", () => {
    const lines = readFileSync(announcementPath, "utf8").split(/\r?\n/).map(norm).filter(Boolean);
    const unaccounted: string[] = [];
    const en = (v: { en?: string | null } | null | undefined) => v?.en ?? "";
    const contact = event.contacts[0]!;
    let listItems = 0;

    for (const line of lines) {
      const item = /^(\d)\) (.*)$/.exec(line);
      if (item) {
        const text = item[2]!;
        const found = [...event.targetAudience, ...event.objectives].some((row) => en(row.text) === text);
        if (!found) unaccounted.push(line);
        listItems++;
        continue;
      }
      if (line.startsWith("Main news:")) {
        expect(line).toContain(en(settings.banner?.text));
        expect(line).toContain(en(settings.banner?.linkLabel));
        continue;
      }
      if (line === en(event.title)) continue;
      if (line.startsWith("Host:")) {
        expect(line.slice("Host:".length).split(";").map(norm)).toEqual(hosts.map((h) => h.name.en));
        continue;
      }
      if (line.startsWith("Date:")) {
        expect(line).toContain("tentatively scheduled");
        expect(eventStatusLabels[event.status].en.toLowerCase()).toBe("tentatively scheduled");
        expect(line).toContain(`in ${en(event.city)}, China`);
        expect(event.country).toBe("CN");
        expect(line).toContain("13.00 (Beijing time, GMT + 8)");
        expect(line).toContain("October 31,2022");
        expect(event.startsAt).toBe("2022-10-31T05:00:00.000Z");
        expect(event.timeZone).toBe("Asia/Shanghai");
        continue;
      }
      if (line === "Form: The seminar will be held online") {
        expect(event.attendance).toBe("online");
        continue;
      }
      if (line.startsWith("Working languages:")) {
        expect(line).toContain(interpretationLabels[event.interpretation!].en);
        expect([...event.workingLanguages].sort()).toEqual(["en", "ru", "zh"]);
        continue;
      }
      if (line.startsWith("• ")) {
        expect(line.slice(2)).toBe(en(contact.organization));
        continue;
      }
      if (line.startsWith("Contact:")) {
        expect(line).toBe(`Contact: ${en(contact.name)} Tel: ${contact.phones.join("; ")} Fax: ${contact.fax}`);
        continue;
      }
      if (line.startsWith("Email:")) {
        expect(line.slice("Email:".length).split(",").map(norm)).toEqual(contact.emails);
        continue;
      }
      // Headings and page furniture of the original web page, not content.
      if (
        ["Forthcoming Events", "Target audience:", "Additional information:", "For more information, please contact:", "Share"].includes(
          line,
        )
      )
        continue;
      unaccounted.push(line);
    }
    expect(unaccounted).toEqual([]);
    expect(listItems).toBe(event.targetAudience.length + event.objectives.length);
    expect(event.targetAudience).toHaveLength(5);
    expect(event.objectives).toHaveLength(4);
  });

  it("has every line translated into Russian and Chinese", () => {
    expect(event.translationStatus).toEqual({
      en: { complete: true, missing: [] },
      ru: { complete: true, missing: [] },
      zh: { complete: true, missing: [] },
    });
    for (const row of [...event.targetAudience, ...event.objectives]) {
      expect(row.text.ru?.length).toBeGreaterThan(10);
      expect(row.text.zh?.length).toBeGreaterThan(5);
    }
    expect(hosts.map((h) => h.name.zh)).toEqual(["中国生态环境部", "生态环境部对外合作与交流中心（中国—上海合作组织环境保护合作中心）"]);
  });

  it("comes with six more sample events covering every form and unusual status", async () => {
    const all = await payload.find({ collection: "events", locale: "all", depth: 0, limit: 100 });
    const events = all.docs.map((d) => Event.parse(d));
    expect(events.length).toBeGreaterThanOrEqual(7);
    const now = Date.now();
    expect(events.some((e) => Date.parse(e.startsAt) > now)).toBe(true);
    expect(events.filter((e) => Date.parse(e.startsAt) < now).length).toBeGreaterThanOrEqual(2);
    expect(new Set(events.map((e) => e.attendance))).toEqual(new Set(["online", "in-person", "hybrid"]));
    const postponed = events.find((e) => e.status === "postponed");
    expect(postponed?.previousStartsAt).toBeTruthy();
    expect(events.some((e) => e.status === "cancelled")).toBe(true);
    const englishOnly = events.find((e) => !e.title.ru && !e.title.zh);
    expect(englishOnly?.translationStatus?.ru?.missing).toContain("title");
  });
});
