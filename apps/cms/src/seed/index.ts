import type { Payload } from "payload";
import { convertMarkdownToLexical, editorConfigFactory } from "@payloadcms/richtext-lexical";
import { defaultLocale, localeCodes, type LocaleCode } from "@cica/schema";
import { dataForLocale } from "../lib/localeData";
import { env } from "../lib/env";
import { sideEffectsOff } from "../lib/context";
import { createAdmin } from "../lib/firstAdmin";
import { instantFor, sampleEvents, sampleOrganizations, SOURCE_ANNOUNCEMENT, type SampleEvent } from "@cica/fixtures";

type Row = Record<string, unknown>;
type Log = (line: string) => void;

export type SeedReport = { created: string[]; skipped: string[] };

/**
 * Loads the sample content. Idempotent: events are matched by slug,
 * organisations by English name, the admin by e-mail, and the settings are
 * written only while the site has no name yet — nothing an editor changed is
 * overwritten. Side effects (build notices) are off.
 */
export async function seed(payload: Payload, log: Log = () => {}): Promise<SeedReport> {
  const report: SeedReport = { created: [], skipped: [] };
  const context = { ...sideEffectsOff };
  const common = { context, overrideAccess: true, depth: 0 } as const;
  // Rows: the seed copies documents field by field, whatever their schema type.
  const fixture = structuredClone(SOURCE_ANNOUNCEMENT) as unknown as { organizations: Row[]; event: Row; settings: Row };

  // The first admin.
  const admins = await payload.find({ collection: "users", where: { email: { equals: env.adminEmail } }, limit: 1, ...common });
  // Without ADMIN_PASSWORD in production there is no default admin (see lib/firstAdmin.ts).
  if (admins.totalDocs === 0 && env.adminPassword) {
    await createAdmin(payload, { email: env.adminEmail, password: env.adminPassword });
    report.created.push(`users/${env.adminEmail}`);
  } else report.skipped.push(`users/${env.adminEmail}`);

  /** Writes a document given in the `locale=all` shape: English first, then each translation. */
  async function saveAllLocales(collection: "events" | "organizations", all: Row, publish: boolean): Promise<Row> {
    const fields = payload.collections[collection]!.config.fields;
    const present = localeCodes.filter((code) => code === defaultLocale || hasAny(all, code));
    const last = present[present.length - 1];
    const draftsEnabled = collection === "events";
    const statusFor = (locale: LocaleCode) => (draftsEnabled ? { _status: publish && locale === last ? "published" : "draft" } : {});
    let doc = (await payload.create({
      collection,
      data: { ...dataForLocale(fields, all, defaultLocale), ...statusFor(defaultLocale) } as never,
      locale: defaultLocale,
      draft: draftsEnabled && !(publish && last === defaultLocale),
      ...common,
    })) as unknown as Row;
    for (const locale of present.filter((c) => c !== defaultLocale)) {
      doc = (await payload.update({
        collection,
        id: String(doc.id),
        data: { ...dataForLocale(fields, all, locale, doc), ...statusFor(locale) } as never,
        locale,
        draft: draftsEnabled && !(publish && locale === last),
        ...common,
      })) as unknown as Row;
    }
    return doc;
  }

  // Organisations.
  const orgIds = new Map<string, string>();
  const fixtureOrgIds = new Map<string, string>();
  const allOrgs = [...fixture.organizations, ...sampleOrganizations] as Row[];
  for (const org of allOrgs) {
    const name = (org.name as Row).en as string;
    const existing = await payload.find({
      collection: "organizations",
      where: { name: { equals: name } },
      locale: defaultLocale,
      limit: 1,
      ...common,
    });
    let id = existing.docs[0]?.id as string | undefined;
    if (!id) {
      const { id: _fixtureId, updatedAt: _u, ...data } = org;
      id = String((await saveAllLocales("organizations", data, true)).id);
      report.created.push(`organizations/${name}`);
    } else report.skipped.push(`organizations/${name}`);
    orgIds.set(name, id);
    if (typeof org.id === "string") fixtureOrgIds.set(org.id, id);
  }

  const editorConfig = await editorConfigFactory.default({ config: payload.config });
  const lexical = (markdown: string) => convertMarkdownToLexical({ editorConfig, markdown });

  async function ensureEvent(all: Row) {
    const slug = String(all.slug);
    const existing = await payload.count({ collection: "events", where: { slug: { equals: slug } }, ...common });
    if (existing.totalDocs > 0) return void report.skipped.push(`events/${slug}`);
    await saveAllLocales("events", all, true);
    report.created.push(`events/${slug}`);
  }

  // The source announcement, exactly as the fixture gives it.
  {
    const { id: _id, createdAt: _c, updatedAt: _u, revision: _r, _status, bodyHtml: _b, timeZone, ...event } = fixture.event;
    await ensureEvent({
      ...event,
      startsAt_tz: timeZone,
      hosts: (event.hosts as string[]).map((id) => fixtureOrgIds.get(id)),
      targetAudience: (event.targetAudience as Row[]).map((row) => ({ text: row.text })),
      objectives: (event.objectives as Row[]).map((row) => ({ text: row.text })),
    });
  }

  for (const sample of sampleEvents) await ensureEvent(toEventData(sample, orgIds, lexical));

  // Site settings, only on a site that has never been set up.
  const settings = await payload.findGlobal({ slug: "site-settings", locale: defaultLocale, fallbackLocale: false, ...common });
  if (!settings.siteName) {
    const fields = payload.globals.config.find((g) => g.slug === "site-settings")!.fields;
    // Each language after the first keeps the footer links' row ids, else the rows are replaced and the earlier languages' labels lost.
    let saved: Row | undefined;
    for (const locale of localeCodes) {
      // Published: visitors and the site build read only the published settings.
      const data = { ...dataForLocale(fields, fixture.settings, locale, saved), _status: "published" };
      // dataForLocale walks the saved document field by field, generically (a Row, not SiteSetting).
      saved = (await payload.updateGlobal({ slug: "site-settings", data: data as never, locale, ...common })) as unknown as Row;
    }
    report.created.push("globals/site-settings");
  } else report.skipped.push("globals/site-settings");

  log(`Seed: created ${report.created.length}, kept ${report.skipped.length} existing.`);
  return report;
}

function hasAny(value: unknown, locale: LocaleCode): boolean {
  if (!value || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some((v) => hasAny(v, locale));
  const record = value as Row;
  if (locale in record && record[locale] !== null && record[locale] !== undefined && record[locale] !== "") return true;
  return Object.values(record).some((v) => hasAny(v, locale));
}

function toEventData(e: SampleEvent, orgIds: Map<string, string>, lexical: (md: string) => unknown): Row {
  const startsAt = instantFor(e.day, e.time, e.timeZone);
  const endsAt = e.durationHours ? new Date(Date.parse(startsAt) + e.durationHours * 3_600_000).toISOString() : null;
  const body = e.bodyMarkdown
    ? Object.fromEntries(Object.entries(e.bodyMarkdown).flatMap(([locale, md]) => (md ? [[locale, lexical(md)]] : [])))
    : null;
  return {
    slug: e.slug,
    title: e.title,
    summary: e.summary,
    body,
    status: e.status,
    startsAt,
    startsAt_tz: e.timeZone,
    endsAt,
    endsAt_tz: e.timeZone,
    previousStartsAt: e.previousDay !== undefined ? instantFor(e.previousDay, e.time, e.timeZone) : null,
    previousStartsAt_tz: e.timeZone,
    attendance: e.attendance,
    venue: e.venue ?? null,
    city: e.city ?? null,
    country: e.country ?? null,
    onlineUrl: e.onlineUrl ?? null,
    hosts: e.hostNames.map((name) => {
      const id = orgIds.get(name);
      if (!id) throw new Error(`Seed: no organisation named "${name}"`);
      return id;
    }),
    targetAudience: e.targetAudience.map((text) => ({ text })),
    objectives: e.objectives.map((text) => ({ text })),
    workingLanguages: e.workingLanguages,
    interpretation: e.interpretation ?? null,
    contacts: e.contacts,
    registrationUrl: e.registrationUrl ?? null,
    registrationDeadline: e.registrationDeadlineDay !== undefined ? instantFor(e.registrationDeadlineDay, "18:00", e.timeZone) : null,
    registrationDeadline_tz: e.timeZone,
    themes: e.themes,
  };
}

/** First start: an empty database (no accounts, no events) gets the sample content. */
export async function seedIfEmpty(payload: Payload): Promise<boolean> {
  const users = await payload.count({ collection: "users", overrideAccess: true });
  const events = await payload.count({ collection: "events", overrideAccess: true });
  if (users.totalDocs > 0 || events.totalDocs > 0) return false;
  payload.logger.info("Empty database: loading the sample content");
  await seed(payload, (line) => payload.logger.info(line));
  return true;
}
