/**
 * Vitest settings of the reliability suite: only the tests under `src/`; the fault matrix and the
 * hostile-input tests run in parallel files, each file with its own emulator.
 *
 * @module
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 10_000,
  },
});
