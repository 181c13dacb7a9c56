/**
 * Bare openapi-fetch with lpkit's generated types (Domain API, Sentinel, faasGW) and a fixed
 * `Authorization` header: what a user gets from the specs alone, with no lpkit runtime.
 *
 * @module
 */
import type { paths as DomainPaths } from "@lpkit/domain";
import type { paths as FaasPaths } from "@lpkit/faasgw";
import type { paths as SentinelPaths } from "@lpkit/sentinel";
import createClient from "openapi-fetch";
import { checkEcho, PAYLOAD, SOURCE } from "../workload.js";
import type { ContenderFactory } from "./types.js";

/**
 * Looks up the hosts and fetches one v2 token through typed openapi-fetch clients, then invokes
 * through a faasGW client created with a fixed `Authorization` header.
 *
 * @example
 * ```ts
 * const bare = await createOpenapiFetch(env);
 * await bare.invoke();
 * ```
 */
export const createOpenapiFetch: ContenderFactory = async (env) => {
  const domain = createClient<DomainPaths>({ baseUrl: env.domainApi });
  const list = await domain.GET("/api/account/{accountId}/service/baseURI.json", {
    params: { path: { accountId: env.accountId }, query: { version: "1.0" } },
  });
  if (!list.data) {
    throw new Error(`openapi-fetch: Domain API answered ${list.response.status}`);
  }
  const host = (service: string): string => {
    const entry = list.data.baseURIs.find((e) => e.service === service);
    if (!entry) {
      throw new Error(`openapi-fetch: no ${service} host`);
    }
    return entry.baseURI;
  };
  const sentinel = createClient<SentinelPaths>({ baseUrl: `https://${host("sentinel")}` });
  const token = await sentinel.POST("/sentinel/api/v2/account/{accountId}/app/token", {
    params: { path: { accountId: env.accountId } },
    body: { grant_type: "client_credentials", client_id: env.clientId, client_secret: env.clientSecret },
    bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  if (!token.data) {
    throw new Error(`openapi-fetch: token request answered ${token.response.status}`);
  }
  const faas = createClient<FaasPaths>({
    baseUrl: `https://${host("faasGW")}`,
    headers: { Authorization: `Bearer ${token.data.access_token}` },
  });
  const path = { accountId: env.accountId, lambdaUuid: env.lambdaUuid };
  return {
    async invoke() {
      const { data, error, response } = await faas.POST(
        "/api/account/{accountId}/lambdas/{lambdaUuid}/invoke",
        {
          params: { path, query: { v: "1", externalSystem: SOURCE } },
          body: { timestamp: Date.now(), headers: [], payload: PAYLOAD },
        },
      );
      if (error !== undefined || !response.ok) {
        throw new Error(`openapi-fetch: invoke answered ${response.status}`);
      }
      checkEcho(data);
    },
  };
};
