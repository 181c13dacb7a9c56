/**
 * A user's one-invoke program with lpkit on its Node transport: the lpkit program with
 * `transport: nodeTransport()`. Used for the cold-start figure (run as is, in a fresh process) and the
 * shipped-size figure (bundled by esbuild, undici included).
 *
 * @module
 */
import { createLivePersonFunctions } from "@lpkit/auth";
import { nodeTransport } from "@lpkit/node-transport";

const env = process.env;
const transport = nodeTransport();
const lp = createLivePersonFunctions({
  accountId: env.LP_ACCOUNT_ID ?? "",
  clientId: env.LP_CLIENT_ID ?? "",
  clientSecret: env.LP_CLIENT_SECRET ?? "",
  domainApi: { baseUrl: env.LP_DOMAIN_API },
  transport,
});
const { data } = await lp.invoke<{ echo: unknown }>(env.LP_LAMBDA_UUID ?? "", {
  conversationId: "bench",
  n: 1,
});
console.log(JSON.stringify({ ok: true, ms: performance.now(), echo: data.echo }));
await transport.close();
