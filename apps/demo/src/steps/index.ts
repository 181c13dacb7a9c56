/**
 * The walk-through, in order.
 *
 * @module
 */
import { backgroundRefreshStep } from "./background-refresh.js";
import { invokeByEventStep } from "./invoke-by-event.js";
import { requestTokenStep } from "./request-token.js";
import { resolveHostsStep } from "./resolve-hosts.js";
import { reuseTokenStep } from "./reuse-token.js";
import { summaryStep } from "./summary.js";
import { typedErrorsStep } from "./typed-errors.js";
import type { DemoStep } from "./types.js";

/**
 * The seven steps of `pnpm demo`.
 *
 * @example
 * ```ts
 * DEMO_STEPS.map((step) => step.id); // ["resolve-hosts", "request-token", …, "summary"]
 * ```
 */
export const DEMO_STEPS: readonly DemoStep[] = [
  resolveHostsStep,
  requestTokenStep,
  reuseTokenStep,
  backgroundRefreshStep,
  invokeByEventStep,
  typedErrorsStep,
  summaryStep,
];
