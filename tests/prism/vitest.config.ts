/**
 * Vitest settings of the Prism conformance tests: the shared timeouts (vitest.shared.ts at the
 * repository root); each file starts its own Prism processes, and the files run one after the other
 * to spare the machine's two cores.
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
    fileParallelism: false,
  },
});
