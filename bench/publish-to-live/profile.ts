// Where a publish's time goes: times each database adapter call, each Events
// hook and the whole payload.update of a publish, on the database seeded by
// seed.ts. Runs under `payload run` in apps/cms, with the environment of the
// database profile-db.ts keeps running (plus PAYLOAD_SECRET):
//   cd apps/cms && env $(node -e 'for (const [k, v] of Object.entries(JSON.parse(process.argv[1]))) console.log(`${k}=${v}`)' "$DB_ENV") \
//     BENCH_EVENTS=1000 npx payload run ../../bench/publish-to-live/seed.ts       (once)
//   … N=4 MDEBUG=1 npx payload run ../../bench/publish-to-live/profile.ts         (N publishes; MDEBUG lists Mongo calls too)
import { getPayload } from "payload";
import mongoose from "mongoose";
import { configForCommands } from "@cica/cms/config-for-commands";
import { sleep } from "../lib/wait.ts";

const payload = await getPayload({ config: await configForCommands() });
type Call = { what: string; ms: number };
let calls: Call[] = [];
const t0 = () => performance.now();

// Every adapter method is replaced by a timed wrapper. Payload's DatabaseAdapter type lists them one
// by one with their own signatures; wrapped alike here, the adapter is seen as a record of values.
const db = payload.db as unknown as Record<string, unknown>;
for (const key of Object.keys(Object.getPrototypeOf(db)).concat(Object.keys(db))) {
  const fn = db[key];
  if (typeof fn !== "function" || ["init", "connect", "destroy", "sessions"].includes(key)) continue;
  db[key] = async function (this: unknown, ...args: unknown[]) {
    const s = t0();
    try {
      return await fn.apply(this, args);
    } finally {
      // The adapter methods' first argument is an options object; these are the fields that say what it did.
      const o = (args[0] ?? {}) as { collection?: string; slug?: string; where?: unknown; data?: { parent?: unknown } };
      calls.push({
        what: `db.${key}(${o.collection ?? o.slug ?? ""} ${JSON.stringify(o.where ?? o.data?.parent ?? "").slice(0, 140)})`,
        ms: t0() - s,
      });
    }
  };
}
if (process.env.MDEBUG)
  mongoose.set("debug", (coll: string, method: string, q: unknown) =>
    calls.push({ what: `  mongo ${coll}.${method} ${JSON.stringify(q).slice(0, 160)}`, ms: 0 }),
  );

// Each Events hook is replaced by a timed wrapper. Payload types each hook list by its kind; wrapped
// alike here, they are lists of one-argument functions.
const hooks = payload.collections.events.config.hooks as unknown as Record<string, ((args: unknown) => unknown)[]>;
for (const [name, list] of Object.entries(hooks)) {
  hooks[name] = list.map((hook, i) => async (args: unknown) => {
    const s = t0();
    try {
      return await hook(args);
    } finally {
      calls.push({ what: `hook ${name}[${i}] ${hook.name}`, ms: t0() - s });
    }
  });
}

const user = (await payload.find({ collection: "users", where: { role: { equals: "admin" } }, limit: 1, overrideAccess: true })).docs[0];
const slugs = ["bench-event-0500", "bench-event-0501", "bench-event-0502", "bench-event-0503", "bench-event-0504", "bench-event-0505"];
const found = await payload.find({ collection: "events", where: { slug: { in: slugs } }, limit: 10, depth: 0, overrideAccess: true });
for (const [i, doc] of found.docs.slice(0, Number(process.env.N ?? 4)).entries()) {
  calls = [];
  const s = t0();
  await payload.update({
    collection: "events",
    id: doc.id,
    locale: "en",
    depth: 0,
    data: { title: `Profiled ${i} ${Date.now()}`, _status: "published" },
    user,
    overrideAccess: false,
  });
  const total = t0() - s;
  console.log(`\n=== publish ${i}: ${total.toFixed(0)} ms`);
  const print = (list: Call[]) => list.forEach((c) => console.log(`${c.ms.toFixed(0).padStart(6)} ms  ${c.what}`));
  print(calls);
  const returnedAt = calls.length;
  await sleep(300);
  console.log(`-- after the update returned (within 300 ms):`);
  print(calls.slice(returnedAt));
}
await payload.destroy();
process.exit(0);
