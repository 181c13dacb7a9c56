import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Each file starts its own redis-server; real-time fault scenarios need a few seconds.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
