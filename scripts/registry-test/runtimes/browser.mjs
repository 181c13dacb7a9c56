// Entry point for Chromium: the page (index.html) loads this bundle, which runs the flow (flow.mjs)
// against the emulator (cross-origin, so the emulator must answer CORS) and publishes the outcome on
// `window.lpkitRuntimeResult` for the test to read.
import config from "./config.json" with { type: "json" };
import { runFlow } from "./flow.mjs";
import { runWebhookFlow } from "./webhook-flow.mjs";

runFlow(config)
  .then(async (result) => ({ ...result, webhooks: await runWebhookFlow() }))
  .then(
    (result) => {
      window.lpkitRuntimeResult = result;
    },
    (error) => {
      window.lpkitRuntimeResult = { ok: false, error: String(error?.message ?? error) };
    },
  );
