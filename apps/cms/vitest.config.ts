import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@payload-config": path.resolve(import.meta.dirname, "src/payload.config.ts") } },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/globalSetup.ts"],
    environment: "node",
    // Each suite gets its own process (Payload caches itself on the global
    // object) and its own database; two cores do not gain from parallel suites.
    pool: "forks",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 600_000,
  },
});
