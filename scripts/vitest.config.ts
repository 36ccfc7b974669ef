import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    fileParallelism: false,
    testTimeout: 180_000,
    // The drill starts the real `npm start`, which builds the CMS for production when its sources changed.
    hookTimeout: 900_000,
  },
});
