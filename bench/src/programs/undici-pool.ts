/**
 * A user's one-invoke program with bare undici (`request()` for the lookup and the token, a `Pool`
 * for the invoke). Used for the cold-start figure (run as is, in a fresh process) and the
 * shipped-size figure (bundled by esbuild).
 *
 * @module
 */
import { Pool, request } from "undici";

const env = process.env;
const account = env.LP_ACCOUNT_ID ?? "";
const list = await request(`${env.LP_DOMAIN_API}/api/account/${account}/service/baseURI.json?version=1.0`);
const { baseURIs } = (await list.body.json()) as { baseURIs: { service: string; baseURI: string }[] };
const host = (service: string) => baseURIs.find((entry) => entry.service === service)?.baseURI;
const token = await request(`https://${host("sentinel")}/sentinel/api/v2/account/${account}/app/token`, {
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({
    grant_type: "client_credentials",
    client_id: env.LP_CLIENT_ID ?? "",
    client_secret: env.LP_CLIENT_SECRET ?? "",
  }).toString(),
});
const { access_token } = (await token.body.json()) as { access_token: string };
const pool = new Pool(`https://${host("faasGW")}`, { connections: 16 });
const response = await pool.request({
  path: `/api/account/${account}/lambdas/${env.LP_LAMBDA_UUID}/invoke?v=1&externalSystem=bench`,
  method: "POST",
  headers: {
    authorization: `Bearer ${access_token}`,
    "content-type": "application/json",
    accept: "application/json",
  },
  body: JSON.stringify({ timestamp: Date.now(), headers: [], payload: { conversationId: "bench", n: 1 } }),
});
if (response.statusCode !== 200) {
  throw new Error(`invoke failed with status ${response.statusCode}`);
}
const data = (await response.body.json()) as { echo: unknown };
console.log(JSON.stringify({ ok: true, ms: performance.now(), echo: data.echo }));
await pool.close();
