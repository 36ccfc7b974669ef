import { defineConfig } from "vitest/config";

export default defineConfig({
  // Builds, html-validate over every page and a headless browser take seconds each on a shared two-core machine.
  test: { testTimeout: 60_000, hookTimeout: 120_000 },
});
