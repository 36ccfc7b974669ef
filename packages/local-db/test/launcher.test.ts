import { describe, expect, it } from "vitest";
import { startDatabase, uniqueDatabaseName, withDatabaseName } from "../src/index.ts";
import { answers, findEvent, insertEvent, privateDatabasePlace, withClient } from "./support.ts";

const usesExternal = Boolean(process.env.DATABASE_URI);
const place = privateDatabasePlace("cica-db-test-");
const start = () => startDatabase({ port: place.port, dataDir: place.dataDir, log: () => {} });

describe("local database launcher", () => {
  it("starts a server that stores and returns documents", async () => {
    const db = await start();
    try {
      expect(["external", "mongod", "ferretdb", "ferretdb-postgresql", "mongodb-memory-server"]).toContain(db.engine);
      const uri = withDatabaseName(db.uri, uniqueDatabaseName("write_read"));
      await insertEvent(uri, { slug: "green-cities", title: { en: "Green cities", zh: "绿色城市" } });
      const found = await findEvent(uri, "green-cities");
      expect(found?.title).toEqual({ en: "Green cities", zh: "绿色城市" });
    } finally {
      await db.stop();
    }
  });

  it("keeps data across a stop and a fresh start", async () => {
    const name = uniqueDatabaseName("restart");
    const first = await start();
    await insertEvent(withDatabaseName(first.uri, name), { slug: "kept", title: "Still here" });
    await first.stop();
    if (!usesExternal) {
      // The server really went away: nothing answers until it is started again.
      expect(await answers(`mongodb://127.0.0.1:${place.port}/`)).toBe(false);
    }
    const second = await start();
    try {
      const found = await findEvent(withDatabaseName(second.uri, name), "kept");
      expect(found?.title).toBe("Still here");
    } finally {
      await second.stop();
    }
  });

  it("lets two suites run at once without seeing each other's data", async () => {
    const [a, b] = await Promise.all([start(), start()]);
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
    const db = await start();
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
