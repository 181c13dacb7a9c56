import { defineConfig } from "vitest/config";

// `pnpm measure`: the fault measurements in src/test-support/*.measure.ts (not part of `pnpm test`).
export default defineConfig({
  test: {
    include: ["src/**/*.measure.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
