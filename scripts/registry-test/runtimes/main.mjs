// Entry point for Bun and Deno: the flow (flow.mjs) with the configuration the registry test wrote next
// to it. Prints `runtime ok: <result>`; a failure rejects, which makes both runtimes exit non-zero.
import config from "./config.json" with { type: "json" };
import { runFlow } from "./flow.mjs";

const result = await runFlow(config);
console.log(`runtime ok: ${JSON.stringify(result)}`);
