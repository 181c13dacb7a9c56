import { defineConfig } from "vitest/config";
import { SHARED_TIMEOUTS } from "../../vitest.shared.js";

// `pnpm measure`: the fault measurements in src/test-support/*.measure.ts (not part of `pnpm test`).
export default defineConfig({
  test: { ...SHARED_TIMEOUTS, include: ["src/**/*.measure.ts"], fileParallelism: false },
});
