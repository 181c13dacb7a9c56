/**
 * A user's one-invoke program with nothing but Node's `fetch`: Domain API lookup, token, invoke. Used
 * for the cold-start figure (run as is, in a fresh process) and the shipped-size figure (bundled by
 * esbuild).
 *
 * @module
 */
const env = process.env;
const account = env.LP_ACCOUNT_ID ?? "";
const listResponse = await fetch(
  `${env.LP_DOMAIN_API}/api/account/${account}/service/baseURI.json?version=1.0`,
);
const { baseURIs } = (await listResponse.json()) as { baseURIs: { service: string; baseURI: string }[] };
const host = (service: string) => baseURIs.find((entry) => entry.service === service)?.baseURI;
const tokenResponse = await fetch(
  `https://${host("sentinel")}/sentinel/api/v2/account/${account}/app/token`,
  {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: env.LP_CLIENT_ID ?? "",
      client_secret: env.LP_CLIENT_SECRET ?? "",
    }),
  },
);
const { access_token } = (await tokenResponse.json()) as { access_token: string };
const response = await fetch(
  `https://${host("faasGW")}/api/account/${account}/lambdas/${env.LP_LAMBDA_UUID}/invoke?v=1&externalSystem=bench`,
  {
    method: "POST",
    headers: {
      authorization: `Bearer ${access_token}`,
      "content-type": "application/json",
      accept: "application/json",
    },
    body: JSON.stringify({ timestamp: Date.now(), headers: [], payload: { conversationId: "bench", n: 1 } }),
  },
);
if (!response.ok) {
  throw new Error(`invoke failed with status ${response.status}`);
}
const data = (await response.json()) as { echo: unknown };
console.log(JSON.stringify({ ok: true, ms: performance.now(), echo: data.echo }));
