/**
 * A user's one-invoke program with bare openapi-fetch and lpkit's generated types: Domain API lookup,
 * token, invoke. Used for the cold-start figure (run as is, in a fresh process) and the shipped-size
 * figure (bundled by esbuild).
 *
 * @module
 */
import type { paths as DomainPaths } from "@lpkit/domain";
import type { paths as FaasPaths } from "@lpkit/faasgw";
import type { paths as SentinelPaths } from "@lpkit/sentinel";
import createClient from "openapi-fetch";

const env = process.env;
const accountId = env.LP_ACCOUNT_ID ?? "";
const domain = createClient<DomainPaths>({ baseUrl: env.LP_DOMAIN_API });
const list = await domain.GET("/api/account/{accountId}/service/baseURI.json", {
  params: { path: { accountId }, query: { version: "1.0" } },
});
const host = (service: string) => list.data?.baseURIs.find((entry) => entry.service === service)?.baseURI;
const sentinel = createClient<SentinelPaths>({ baseUrl: `https://${host("sentinel")}` });
const token = await sentinel.POST("/sentinel/api/v2/account/{accountId}/app/token", {
  params: { path: { accountId } },
  body: {
    grant_type: "client_credentials",
    client_id: env.LP_CLIENT_ID ?? "",
    client_secret: env.LP_CLIENT_SECRET ?? "",
  },
  bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
  headers: { "content-type": "application/x-www-form-urlencoded" },
});
const faas = createClient<FaasPaths>({
  baseUrl: `https://${host("faasGW")}`,
  headers: { Authorization: `Bearer ${token.data?.access_token}` },
});
const { data, error, response } = await faas.POST("/api/account/{accountId}/lambdas/{lambdaUuid}/invoke", {
  params: {
    path: { accountId, lambdaUuid: env.LP_LAMBDA_UUID ?? "" },
    query: { v: "1", externalSystem: "bench" },
  },
  body: { timestamp: Date.now(), headers: [], payload: { conversationId: "bench", n: 1 } },
});
if (error !== undefined || !response.ok) {
  throw new Error(`invoke failed with status ${response.status}`);
}
console.log(JSON.stringify({ ok: true, ms: performance.now(), echo: (data as { echo: unknown }).echo }));
