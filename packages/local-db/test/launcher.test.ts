import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startDatabase, uniqueDatabaseName, withDatabaseName } from "../src/index.ts";

// A private port and data folder, so this suite never touches a developer's own database.
const usesExternal = Boolean(process.env.DATABASE_URI);
let dataDir: string;
let port: number;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "cica-db-test-"));
  port = await freePort();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function withClient<T>(uri: string, work: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.close();
  }
}

describe("local database launcher", () => {
  it("starts a server that stores and returns documents", async () => {
    const db = await startDatabase({ port, dataDir, log: () => {} });
    try {
      expect(["external", "mongod", "ferretdb", "ferretdb-postgresql", "mongodb-memory-server"]).toContain(db.engine);
      const uri = withDatabaseName(db.uri, uniqueDatabaseName("write_read"));
      const found = await withClient(uri, async (client) => {
        const events = client.db().collection("events");
        await events.insertOne({ slug: "green-cities", title: { en: "Green cities", zh: "绿色城市" } });
        return events.findOne({ slug: "green-cities" });
      });
      expect(found?.title).toEqual({ en: "Green cities", zh: "绿色城市" });
    } finally {
      await db.stop();
    }
  });

  it("keeps data across a stop and a fresh start", async () => {
    const name = uniqueDatabaseName("restart");
    const first = await startDatabase({ port, dataDir, log: () => {} });
    await withClient(withDatabaseName(first.uri, name), (client) =>
      client.db().collection("events").insertOne({ slug: "kept", title: "Still here" }),
    );
    await first.stop();
    if (!usesExternal) {
      // The server really went away: nothing answers until it is started again.
      const reachable = await withClient(`mongodb://127.0.0.1:${port}/`, async (c) => c.db("admin").command({ ping: 1 })).then(
        () => true,
        () => false,
      );
      expect(reachable).toBe(false);
    }
    const second = await startDatabase({ port, dataDir, log: () => {} });
    try {
      const found = await withClient(withDatabaseName(second.uri, name), (client) =>
        client.db().collection("events").findOne({ slug: "kept" }),
      );
      expect(found?.title).toBe("Still here");
    } finally {
      await second.stop();
    }
  });

  it("lets two suites run at once without seeing each other's data", async () => {
    const [a, b] = await Promise.all([startDatabase({ port, dataDir, log: () => {} }), startDatabase({ port, dataDir, log: () => {} })]);
    try {
      const nameA = uniqueDatabaseName("suite_a");
      const nameB = uniqueDatabaseName("suite_b");
      expect(nameA).not.toBe(nameB);
      await Promise.all([
        withClient(withDatabaseName(a.uri, nameA), (c) =>
          c
            .db()
            .collection("events")
            .insertMany([{ n: 1 }, { n: 2 }]),
        ),
        withClient(withDatabaseName(b.uri, nameB), (c) => c.db().collection("events").insertOne({ n: 3 })),
      ]);
      const countA = await withClient(withDatabaseName(a.uri, nameA), (c) => c.db().collection("events").countDocuments());
      const countB = await withClient(withDatabaseName(b.uri, nameB), (c) => c.db().collection("events").countDocuments());
      expect([countA, countB]).toEqual([2, 1]);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it("reports what the engine supports", async () => {
    const db = await startDatabase({ port, dataDir, log: () => {} });
    try {
      expect(typeof db.capabilities.transactions).toBe("boolean");
      if (db.engine === "ferretdb" || db.engine === "ferretdb-postgresql") {
        // FerretDB 1.x has neither; the CMS must switch both off.
        expect(db.capabilities).toMatchObject({ transactions: false, lookup: false });
      }
      if (db.engine === "mongod" || db.engine === "mongodb-memory-server") {
        expect(db.capabilities).toMatchObject({ transactions: true, lookup: true });
      }
    } finally {
      await db.stop();
    }
  });
});
