// Entry point for workerd (Cloudflare's runtime, through miniflare 3): a Worker whose fetch handler runs
// the flow (flow.mjs) and the webhook receiver's flow (webhook-flow.mjs). Bundled with esbuild under the `workerd`/`worker`/`browser` conditions, as
// wrangler bundles a Worker.
import config from "./config.json" with { type: "json" };
import { runFlow } from "./flow.mjs";
import { runWebhookFlow } from "./webhook-flow.mjs";

export default {
  async fetch() {
    try {
      return Response.json({ ...(await runFlow(config)), webhooks: await runWebhookFlow() });
    } catch (error) {
      return Response.json({ ok: false, error: String(error?.message ?? error) }, { status: 500 });
    }
  },
};
