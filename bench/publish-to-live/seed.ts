// Loads the sample content (admin, organisations, the announcement) and then
// BENCH_EVENTS published events in English, Russian and Chinese, through the
// CMS's Local API with side effects off (no build notices). Run by run.mjs
// with `payload run` in apps/cms, environment pointing at the bench database.
import { getPayload } from "payload";
import config from "../../apps/cms/src/payload.config";
import { seed } from "../../apps/cms/src/seed/index";
import { sideEffectsOff } from "../../apps/cms/src/lib/context";

const count = Number(process.env.BENCH_EVENTS ?? 1000);
const payload = await getPayload({ config });
await seed(payload);
const { docs: hosts } = await payload.find({ collection: "organizations", limit: 3, depth: 0, overrideAccess: true });
const common = { context: { ...sideEffectsOff }, overrideAccess: true, depth: 0 } as const;
const cities = [
  { en: "Astana", ru: "Астана", zh: "阿斯塔纳", country: "KZ", tz: "Asia/Almaty" },
  { en: "Beijing", ru: "Пекин", zh: "北京", country: "CN", tz: "Asia/Shanghai" },
  { en: "Baku", ru: "Баку", zh: "巴库", country: "AZ", tz: "Asia/Baku" },
  { en: "Tashkent", ru: "Ташкент", zh: "塔什干", country: "UZ", tz: "Asia/Tashkent" },
];

async function one(i: number) {
  const city = cities[i % cities.length]!;
  // Half past, half forthcoming, one a day around today.
  const start = new Date(Date.now() + (i - count / 2) * 86_400_000);
  start.setUTCHours(4, 0, 0, 0);
  const base = {
    slug: `bench-event-${String(i).padStart(4, "0")}`,
    status: "scheduled",
    attendance: "in-person",
    startsAt: start.toISOString(),
    startsAt_tz: city.tz,
    endsAt: new Date(start.getTime() + 7 * 3_600_000).toISOString(),
    endsAt_tz: city.tz,
    country: city.country,
    hosts: hosts.slice(0, 1 + (i % 3)).map((h) => h.id),
    themes: ["economic"],
    _status: "published",
  };
  const created = await payload.create({
    collection: "events",
    locale: "en",
    data: { ...base, title: `CICA Bench Seminar ${i}`, summary: `Seminar number ${i} of the bench.`, venue: "Conference Hall", city: city.en } as never,
    ...common,
  });
  await payload.update({ collection: "events", id: created.id, locale: "ru", data: { title: `Семинар СВМДА № ${i}`, summary: `Семинар номер ${i}.`, venue: "Конференц-зал", city: city.ru, _status: "published" } as never, ...common });
  await payload.update({ collection: "events", id: created.id, locale: "zh", data: { title: `亚信研讨会第 ${i} 号`, summary: `第 ${i} 号研讨会。`, venue: "会议厅", city: city.zh, _status: "published" } as never, ...common });
}

const started = Date.now();
let next = 0;
// A few writes at a time: the database is the bottleneck, not this loop.
await Promise.all(
  Array.from({ length: 4 }, async () => {
    while (next < count) await one(next++);
  }),
);
payload.logger.info(`bench seed: ${count} events × 3 languages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await payload.destroy();
process.exit(0);
