import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    fileParallelism: false,
    // Steps of one story run in order and share the running system.
    sequence: { concurrent: false },
    testTimeout: 90_000,
    // The first run builds the CMS for production (next build) when its sources changed.
    hookTimeout: 900_000,
  },
});
