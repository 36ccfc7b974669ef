import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient, type Document } from "mongodb";
import { afterAll, beforeAll } from "vitest";
import { freePort, ping } from "../src/index.ts";

/**
 * A private data folder and port for this test file, so it never touches a developer's own
 * database; the folder is removed after the file. Read them in tests (set from beforeAll on).
 */
export function privateDatabasePlace(prefix: string): { readonly dataDir: string; readonly port: number } {
  let dataDir: string | undefined;
  let port: number | undefined;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), prefix));
    port = await freePort();
  });
  afterAll(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get dataDir() {
      if (dataDir === undefined) throw new Error("the data folder is made in beforeAll");
      return dataDir;
    },
    get port() {
      if (port === undefined) throw new Error("the port is chosen in beforeAll");
      return port;
    },
  };
}

export async function withClient<T>(uri: string, work: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.close();
  }
}

/** Writes one document into the `events` collection of the URI's database. */
export const insertEvent = (uri: string, event: Document) => withClient(uri, (client) => client.db().collection("events").insertOne(event));

/** The `events` document with this slug in the URI's database, or null. */
export const findEvent = (uri: string, slug: string) => withClient(uri, (client) => client.db().collection("events").findOne({ slug }));

/** Whether a server answers `ping` at the URI right now (short timeouts: a stopped server answers false quickly). */
export const answers = (uri: string) => ping(uri, 500);

/** Polls until `check` holds (bounded, so a failure ends the test instead of hanging it). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 30_000, everyMs = 100): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return check();
}
