// Entry point for workerd (Cloudflare's runtime, through miniflare 3): a Worker whose fetch handler runs
// the flow (flow.mjs). Bundled with esbuild under the `workerd`/`worker`/`browser` conditions, as
// wrangler bundles a Worker.
import config from "./config.json" with { type: "json" };
import { runFlow } from "./flow.mjs";

export default {
  async fetch() {
    try {
      return Response.json(await runFlow(config));
    } catch (error) {
      return Response.json({ ok: false, error: String(error?.message ?? error) }, { status: 500 });
    }
  },
};
