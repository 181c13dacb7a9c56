/**
 * A user's one-invoke program with lpkit: look up the hosts, get a token, invoke once. Used for the
 * cold-start figure (run as is, in a fresh process) and the shipped-size figure (bundled by esbuild).
 * Configuration comes from the environment, as in a real deployment.
 *
 * @module
 */
import { createLivePersonFunctions } from "@lpkit/auth";

const env = process.env;
const lp = createLivePersonFunctions({
  accountId: env.LP_ACCOUNT_ID ?? "",
  clientId: env.LP_CLIENT_ID ?? "",
  clientSecret: env.LP_CLIENT_SECRET ?? "",
  domainApi: { baseUrl: env.LP_DOMAIN_API },
});
const { data } = await lp.invoke<{ echo: unknown }>(env.LP_LAMBDA_UUID ?? "", {
  conversationId: "bench",
  n: 1,
});
console.log(JSON.stringify({ ok: true, ms: performance.now(), echo: data.echo }));
