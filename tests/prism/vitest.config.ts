/**
 * Vitest settings of the Prism conformance tests: each file starts its own Prism processes (which
 * take seconds to load a spec), so hooks get a generous limit; the files run one after the other to
 * spare the machine's two cores.
 *
 * @module
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    hookTimeout: 120_000,
    testTimeout: 30_000,
    fileParallelism: false,
  },
});
