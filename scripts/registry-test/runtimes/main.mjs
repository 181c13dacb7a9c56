// Entry point for Bun and Deno: the flow (flow.mjs) with the configuration the registry test wrote next
// to it, then the webhook receiver's flow (webhook-flow.mjs). Prints `runtime ok: <result>`; a failure
// rejects, which makes both runtimes exit non-zero.
import config from "./config.json" with { type: "json" };
import { runFlow } from "./flow.mjs";
import { runWebhookFlow } from "./webhook-flow.mjs";

const result = { ...(await runFlow(config)), webhooks: await runWebhookFlow() };
console.log(`runtime ok: ${JSON.stringify(result)}`);
