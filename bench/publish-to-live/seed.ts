// Loads the sample content (admin, organisations, the announcement) and then
// BENCH_EVENTS published events in English, Russian and Chinese: a few through
// the CMS's Local API with side effects off (no build notices), the rest as
// direct copies of those stored documents. Run by run.ts
// with `payload run` in apps/cms, environment pointing at the bench database.
import type { MongooseAdapter } from "@payloadcms/db-mongodb";
import { ObjectId, type Document } from "bson";
import { getPayload } from "payload";
import { sampleCities } from "@cica/fixtures";
import { configForCommands } from "@cica/cms/config-for-commands";
import type { Event, SupportedTimezones } from "@cica/cms/payload-types";
import { sideEffectsOff } from "@cica/cms/context";

const count = Number(process.env.BENCH_EVENTS ?? 1000);
const payload = await getPayload({ config: await configForCommands() });
// Imported after the config: configForCommands says why (the seed imports the rich-text editor).
const { seed } = await import("@cica/cms/seed");
await seed(payload);
const { docs: hosts } = await payload.find({ collection: "organizations", limit: 3, depth: 0, overrideAccess: true });
const common = { context: { ...sideEffectsOff }, overrideAccess: true, depth: 0 } as const;
// The first four sample cities: one template event each, written through the Local API.
const cities = sampleCities.slice(0, 4);

async function one(i: number) {
  const city = cities[i % cities.length]!;
  // Half past, half forthcoming, one a day around today.
  const start = new Date(Date.now() + (i - count / 2) * 86_400_000);
  start.setUTCHours(4, 0, 0, 0);
  // The fixtures' cities are in the CMS's country and time-zone lists; the fixtures type them as strings.
  const country = city.country as Event["country"];
  const timeZone = city.timeZone as SupportedTimezones;
  const base = {
    slug: `bench-event-${String(i).padStart(4, "0")}`,
    status: "scheduled",
    attendance: "in-person",
    startsAt: start.toISOString(),
    startsAt_tz: timeZone,
    endsAt: new Date(start.getTime() + 7 * 3_600_000).toISOString(),
    endsAt_tz: timeZone,
    country,
    hosts: hosts.slice(0, 1 + (i % 3)).map((h) => h.id),
    themes: ["economic"],
    _status: "published",
  } satisfies Partial<Event>;
  const created = await payload.create({
    collection: "events",
    locale: "en",
    data: {
      ...base,
      title: `CICA Bench Seminar ${i}`,
      summary: `Seminar number ${i} of the bench.`,
      venue: "Conference Hall",
      city: city.en,
    },
    ...common,
  });
  await payload.update({
    collection: "events",
    id: created.id,
    locale: "ru",
    data: { title: `Семинар СВМДА № ${i}`, summary: `Семинар номер ${i}.`, venue: "Конференц-зал", city: city.ru, _status: "published" },
    ...common,
  });
  await payload.update({
    collection: "events",
    id: created.id,
    locale: "zh",
    data: { title: `亚信研讨会第 ${i} 号`, summary: `第 ${i} 号研讨会。`, venue: "会议厅", city: city.zh, _status: "published" },
    ...common,
  });
}

const started = Date.now();
// Through the Local API: one event per city, in three languages, published (versions and all).
const templates = Math.min(count, cities.length);
for (let i = 0; i < templates; i++) await one(i);

// The rest as copies of those stored documents, inserted directly: through the Local API each event
// takes three writes plus versions (about 1 s each on FerretDB), which would make the bench a seed
// benchmark. The copies are what the Local API would have stored: main document plus latest version.
// The CMS's database adapter is @payloadcms/db-mongodb's (apps/cms/src/lib/database.ts); Payload types
// payload.db as the generic adapter.
const db = payload.db as unknown as MongooseAdapter;
const main = db.collections.events!.collection;
const versions = db.versions.events!.collection;
const stored = await main.find({ slug: { $regex: "^bench-event-" } }).toArray();
const latest = await versions.find({ parent: { $in: stored.map((d) => d._id) }, latest: true }).toArray();
const docs: Document[] = [];
const docVersions: Document[] = [];
for (let i = templates; i < count; i++) {
  const template = stored[i % stored.length]!;
  const version = latest.find((v) => String(v.parent) === String(template._id))!;
  const start = new Date(Date.now() + (i - count / 2) * 86_400_000);
  start.setUTCHours(4, 0, 0, 0);
  const fields = {
    slug: `bench-event-${String(i).padStart(4, "0")}`,
    title: { en: `CICA Bench Seminar ${i}`, ru: `Семинар СВМДА № ${i}`, zh: `亚信研讨会第 ${i} 号` },
    summary: { en: `Seminar number ${i} of the bench.`, ru: `Семинар номер ${i}.`, zh: `第 ${i} 号研讨会。` },
    startsAt: start,
    endsAt: new Date(start.getTime() + 7 * 3_600_000),
  };
  const _id = new ObjectId();
  docs.push({ ...template, ...fields, _id });
  docVersions.push({ ...version, _id: new ObjectId(), parent: _id, version: { ...version.version, ...fields } });
}
for (let i = 0; i < docs.length; i += 200) {
  await main.insertMany(docs.slice(i, i + 200));
  await versions.insertMany(docVersions.slice(i, i + 200));
}
payload.logger.info(`bench seed: ${count} events × 3 languages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await payload.destroy();
process.exit(0);
