/**
 * A user's one-invoke program with LivePerson's official client (`liveperson-functions-client`): it
 * looks up the hosts, gets a token and invokes once. Used for the cold-start figure (run as is, in a
 * fresh process) and the shipped-size figure (bundled by esbuild).
 *
 * @module
 */
import { Client } from "liveperson-functions-client";

const env = process.env;
const client = new Client({
  accountId: env.LP_ACCOUNT_ID ?? "",
  authStrategy: { clientId: env.LP_CLIENT_ID ?? "", clientSecret: env.LP_CLIENT_SECRET ?? "" },
});
const response = await client.invoke({
  lambdaUuid: env.LP_LAMBDA_UUID ?? "",
  externalSystem: "bench",
  body: { headers: [], payload: { conversationId: "bench", n: 1 } },
});
if (!response.ok) {
  throw new Error(`invoke failed with status ${response.status}`);
}
console.log(
  JSON.stringify({ ok: true, ms: performance.now(), echo: (response.body as { echo: unknown }).echo }),
);
