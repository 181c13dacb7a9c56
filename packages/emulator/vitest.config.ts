/**
 * Vitest settings of @lpkit/emulator: the shared timeouts (vitest.shared.ts at the repository root),
 * and the package compiled once per run (as `pnpm build` compiles it, into a private folder) for the
 * tests that run it as a separate process.
 *
 * @module
 */
import { defineConfig } from "vitest/config";
import { SHARED_REPORTING, SHARED_TIMEOUTS } from "../../vitest.shared.js";

export default defineConfig({
  test: {
    ...SHARED_TIMEOUTS,
    ...SHARED_REPORTING,
    include: ["src/**/*.test.ts"],
    globalSetup: ["src/test-support/global-build.ts"],
  },
});
