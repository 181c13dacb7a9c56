/**
 * Vitest settings every package shares (each package's `vitest.config.ts` re-exports them).
 *
 * Vitest's defaults — 5 s per test, 10 s per hook — are wall-clock bounds in disguise: on a busy 2-core
 * CI machine a test that generates RSA keys or spawns a CLI can take longer without anything being
 * wrong. These limits exist only to end a test that truly hangs; no test depends on being fast.
 *
 * @module
 */
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** Per-test and per-hook limits, in ms. */
export const SHARED_TIMEOUTS = { testTimeout: 60_000, hookTimeout: 120_000 } as const;

const root = dirname(fileURLToPath(import.meta.url));
const suite = relative(root, process.cwd()).replaceAll(/[\\/]/g, "-") || basename(root);

/**
 * The usual terminal output, plus a JSON report per package in `.test-reports/` at the repository
 * root. When `pnpm test` fails, `scripts/turbo-test.mjs` prints every failed test from those
 * reports at the very end of the output — under turbo's interleaved logs a failure far up the
 * page is otherwise lost behind the packages that finished after it.
 */
export const SHARED_REPORTING = {
  reporters: ["default", "json"],
  outputFile: { json: join(root, ".test-reports", `${suite}.json`) },
};

export default defineConfig({ test: { ...SHARED_TIMEOUTS, ...SHARED_REPORTING } });
