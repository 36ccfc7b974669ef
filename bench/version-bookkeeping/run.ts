#!/usr/bin/env node
// Payload's version bookkeeping on `_events_versions`, without Payload, on both FerretDB stores
// (issue 13): --versions version documents spread over --events events; each run finds the latest
// version of one event (filter by `parent`, sort by `updatedAt` descending), then clears `latest`
// on that event's versions — the two queries each publish makes. FerretDB's SQLite store cannot
// push these filters down (it reads the whole collection); its PostgreSQL store can. Prints p50,
// p95 and max per engine, side by side.
//
//   node --import tsx bench/version-bookkeeping/run.ts [--events 1000] [--versions 3000] [--runs 20]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { MongoClient, ObjectId } from "mongodb";
import { freePort, startDatabase, uniqueDatabaseName, withDatabaseName } from "@cica/local-db";
import { loadAverage, ms, percentile } from "../lib/stats.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "1000" },
    versions: { type: "string", default: "3000" },
    runs: { type: "string", default: "20" },
  },
});
const events = Number(values.events);
const versions = Number(values.versions);
const runs = Number(values.runs);
const engines = ["ferretdb", "ferretdb-postgresql"] as const;
const log = (line: string) => console.log(`[bench] ${line}`);

async function measure(engine: (typeof engines)[number]): Promise<number[]> {
  const folder = mkdtempSync(join(tmpdir(), `cica-bench-versions-${engine}-`));
  const db = await startDatabase({ port: await freePort(), dataDir: folder, engine, log: (line) => log(`${engine}: ${line}`) });
  const client = new MongoClient(withDatabaseName(db.uri, uniqueDatabaseName("versions")));
  try {
    const collection = client.db().collection("_events_versions");
    // The indexes Payload declares on a versions collection.
    await collection.createIndexes([{ key: { parent: 1 } }, { key: { updatedAt: 1 } }, { key: { latest: 1 } }]);
    const parents = Array.from({ length: events }, () => new ObjectId());
    const start = Date.now() - versions * 1000;
    const docs = Array.from({ length: versions }, (_, i) => ({
      parent: parents[i % events],
      version: { title: `Event ${i % events}`, slug: `event-${i % events}`, _status: "published" },
      latest: i >= versions - events,
      autosave: false,
      createdAt: new Date(start + i * 1000),
      updatedAt: new Date(start + i * 1000),
    }));
    for (let i = 0; i < docs.length; i += 500) await collection.insertMany(docs.slice(i, i + 500));
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const parent = parents[(run * 7919) % events];
      if (!parent) throw new Error("--events must be at least 1");
      const started = performance.now();
      const latest = await collection.find({ parent }).sort({ updatedAt: -1 }).limit(1).toArray();
      await collection.updateMany({ parent, latest: true }, { $set: { latest: false } });
      times.push(performance.now() - started);
      if (latest.length !== 1) throw new Error(`${engine}: no version found for ${parent.toHexString()}`);
    }
    return times;
  } finally {
    await client.close();
    await db.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

log(`${versions} versions of ${events} events, ${runs} runs per engine; load ${loadAverage()}`);
const results: Array<[string, number[]]> = [];
for (const engine of engines) results.push([engine, await measure(engine)]);
console.log("\nengine                 p50        p95        max");
for (const [engine, times] of results) {
  console.log(
    `${engine.padEnd(20)} ${ms(percentile(times, 50), 1).padStart(9)}  ${ms(percentile(times, 95), 1).padStart(9)}  ${ms(Math.max(...times), 1).padStart(9)}`,
  );
}
