import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, startDatabase } from "@cica/local-db";

// One database server for the whole run (the launcher's: FerretDB here, a
// replica set elsewhere); every suite then takes its own fresh database name.
export default async function setup(project: TestProject) {
  const port = await freePort();
  const db = await startDatabase({ port, dataDir: mkdtempSync(path.join(tmpdir(), "cica-cms-test-")), log: () => {} });
  project.provide("databaseUri", db.uri);
  project.provide("databaseCapabilities", db.capabilities);
  return async () => {
    await db.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUri: string;
    databaseCapabilities: { transactions: boolean; lookup: boolean };
  }
}
