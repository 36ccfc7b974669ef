// Where a publish's time goes: times each database adapter call, each Events
// hook and the whole payload.update of a publish, on the database seeded by
// seed.ts. Run with `payload run` in apps/cms (see profile-db.mjs).
import { getPayload } from "payload";
import mongoose from "mongoose";
import config from "../../apps/cms/src/payload.config";

const payload = await getPayload({ config });
const db = payload.db as unknown as Record<string, unknown>;
type Call = { what: string; ms: number };
let calls: Call[] = [];
const t0 = () => performance.now();
for (const key of Object.keys(Object.getPrototypeOf(db)).concat(Object.keys(db))) {
  const fn = db[key];
  if (typeof fn !== "function" || ["init", "connect", "destroy", "sessions"].includes(key)) continue;
  db[key] = async function (this: unknown, ...a: any[]) {
    const s = t0();
    try { return await (fn as any).apply(this, a); } finally {
      const o = a[0] ?? {};
      calls.push({ what: `db.${key}(${o.collection ?? o.slug ?? ""} ${JSON.stringify(o.where ?? o.data?.parent ?? "").slice(0, 140)})`, ms: t0() - s });
    }
  };
}
if (process.env.MDEBUG) mongoose.set("debug", (coll: string, method: string, q: unknown) => calls.push({ what: `  mongo ${coll}.${method} ${JSON.stringify(q).slice(0, 160)}`, ms: 0 }));
const events = payload.collections.events.config;
for (const [name, list] of Object.entries(events.hooks)) {
  (events.hooks as any)[name] = (list as any[]).map((h, i) => async (args: any) => {
    const s = t0();
    try { return await h(args); } finally { calls.push({ what: `hook ${name}[${i}] ${h.name}`, ms: t0() - s }); }
  });
}
const user = (await payload.find({ collection: "users", where: { role: { equals: "admin" } }, limit: 1, overrideAccess: true })).docs[0];
const found = await payload.find({ collection: "events", where: { slug: { in: ["bench-event-0500", "bench-event-0501", "bench-event-0502", "bench-event-0503", "bench-event-0504", "bench-event-0505"] } }, limit: 10, depth: 0, overrideAccess: true });
for (const [i, doc] of found.docs.slice(0, Number(process.env.N ?? 4)).entries()) {
  calls = [];
  const s = t0();
  await payload.update({ collection: "events", id: doc.id, locale: "en", depth: 0, data: { title: `Profiled ${i} ${Date.now()}`, _status: "published" } as never, user, overrideAccess: false });
  const total = t0() - s;
  console.log(`\n=== publish ${i}: ${total.toFixed(0)} ms`);
  for (const c of calls) console.log(`${c.ms.toFixed(0).padStart(6)} ms  ${c.what}`);
  await new Promise((r) => setTimeout(r, 300));
  console.log(`-- after the update returned (within 300 ms):`);
}
await payload.destroy();
process.exit(0);
