/**
 * A user's one-invoke program with bare `node:https` (Domain API lookup over `node:http`): lookup,
 * token, invoke. Used for the cold-start figure (run as is, in a fresh process) and the shipped-size
 * figure (bundled by esbuild).
 *
 * @module
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

const env = process.env;
const account = env.LP_ACCOUNT_ID ?? "";

function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<unknown> {
  const target = new URL(url);
  const request = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const sent = request(target, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        if (response.statusCode !== 200) {
          reject(new Error(`${method} ${target.pathname} answered ${response.statusCode}`));
          return;
        }
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      });
    });
    sent.on("error", reject);
    sent.end(body);
  });
}

const { baseURIs } = (await send(
  `${env.LP_DOMAIN_API}/api/account/${account}/service/baseURI.json?version=1.0`,
  "GET",
  {},
)) as { baseURIs: { service: string; baseURI: string }[] };
const host = (service: string) => baseURIs.find((entry) => entry.service === service)?.baseURI;
const form = new URLSearchParams({
  grant_type: "client_credentials",
  client_id: env.LP_CLIENT_ID ?? "",
  client_secret: env.LP_CLIENT_SECRET ?? "",
}).toString();
const { access_token } = (await send(
  `https://${host("sentinel")}/sentinel/api/v2/account/${account}/app/token`,
  "POST",
  { "content-type": "application/x-www-form-urlencoded" },
  form,
)) as { access_token: string };
const data = (await send(
  `https://${host("faasGW")}/api/account/${account}/lambdas/${env.LP_LAMBDA_UUID}/invoke?v=1&externalSystem=bench`,
  "POST",
  { authorization: `Bearer ${access_token}`, "content-type": "application/json", accept: "application/json" },
  JSON.stringify({ timestamp: Date.now(), headers: [], payload: { conversationId: "bench", n: 1 } }),
)) as { echo: unknown };
console.log(JSON.stringify({ ok: true, ms: performance.now(), echo: data.echo }));
