/**
 * The floor: Node's global `fetch`, hand-written, with a fixed `Authorization` header.
 *
 * @module
 */
import { checkEcho, PAYLOAD, SOURCE } from "../workload.js";
import type { ContenderFactory } from "./types.js";

interface ServiceList {
  baseURIs: { service: string; baseURI: string }[];
}

/**
 * Looks up the hosts, fetches one v2 token, and invokes with plain `fetch(url, init)`.
 *
 * @example
 * ```ts
 * const raw = await createRawFetch(env);
 * await raw.invoke();
 * ```
 */
export const createRawFetch: ContenderFactory = async (env) => {
  const listResponse = await fetch(
    `${env.domainApi}/api/account/${env.accountId}/service/baseURI.json?version=1.0`,
  );
  const list = (await listResponse.json()) as ServiceList;
  const host = (service: string): string => {
    const entry = list.baseURIs.find((e) => e.service === service);
    if (!entry) {
      throw new Error(`raw fetch: no ${service} host`);
    }
    return entry.baseURI;
  };
  const tokenResponse = await fetch(
    `https://${host("sentinel")}/sentinel/api/v2/account/${env.accountId}/app/token`,
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: env.clientId,
        client_secret: env.clientSecret,
      }),
    },
  );
  if (!tokenResponse.ok) {
    throw new Error(`raw fetch: token request answered ${tokenResponse.status}`);
  }
  const { access_token } = (await tokenResponse.json()) as { access_token: string };
  const authorization = `Bearer ${access_token}`;
  const url = `https://${host("faasGW")}/api/account/${env.accountId}/lambdas/${env.lambdaUuid}/invoke?v=1&externalSystem=${SOURCE}`;
  return {
    async invoke() {
      const response = await fetch(url, {
        method: "POST",
        headers: { authorization, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ timestamp: Date.now(), headers: [], payload: PAYLOAD }),
      });
      if (!response.ok) {
        throw new Error(`raw fetch: invoke answered ${response.status}`);
      }
      checkEcho(await response.json());
    },
  };
};
