/**
 * Vitest settings every package shares (each package's `vitest.config.ts` re-exports them).
 *
 * Vitest's defaults — 5 s per test, 10 s per hook — are wall-clock bounds in disguise: on a busy 2-core
 * CI machine a test that generates RSA keys or spawns a CLI can take longer without anything being
 * wrong. These limits exist only to end a test that truly hangs; no test depends on being fast.
 *
 * @module
 */
import { defineConfig } from "vitest/config";

/** Per-test and per-hook limits, in ms. */
export const SHARED_TIMEOUTS = { testTimeout: 60_000, hookTimeout: 120_000 } as const;

export default defineConfig({ test: { ...SHARED_TIMEOUTS } });
