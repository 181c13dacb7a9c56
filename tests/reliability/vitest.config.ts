/**
 * Vitest settings of the reliability suite: only the tests under `src/`; the fault matrix and the
 * hostile-input tests run in parallel files, each file with its own emulator.
 *
 * @module
 */
import { defineConfig } from "vitest/config";
import { SHARED_REPORTING, SHARED_TIMEOUTS } from "../../vitest.shared.js";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    ...SHARED_TIMEOUTS,
    ...SHARED_REPORTING,
  },
});
