/**
 * The setup the hand-written contenders share: one Domain API lookup and one v2 token request with
 * Node's `fetch`, then everything an invoke needs as fixed values.
 *
 * @module
 */
import { type BenchEnv, PAYLOAD, SOURCE } from "../workload.js";

interface ServiceList {
  baseURIs: { service: string; baseURI: string }[];
}

/** What a hand-written contender sends on every invoke. */
export interface InvokeTarget {
  /** `https://<faasGW host>` */
  readonly origin: string;
  /** Path and query of the invoke. */
  readonly path: string;
  readonly url: string;
  /** `Bearer <token>` */
  readonly authorization: string;
}

/**
 * Looks up the hosts and fetches one token, as a user's hand-written program would.
 *
 * @example
 * ```ts
 * const { url, authorization } = await lookUpAndAuthorize(env, "raw fetch");
 * ```
 */
export async function lookUpAndAuthorize(env: BenchEnv, who: string): Promise<InvokeTarget> {
  const listResponse = await fetch(
    `${env.domainApi}/api/account/${env.accountId}/service/baseURI.json?version=1.0`,
  );
  const list = (await listResponse.json()) as ServiceList;
  const host = (service: string): string => {
    const entry = list.baseURIs.find((e) => e.service === service);
    if (!entry) {
      throw new Error(`${who}: no ${service} host`);
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
    throw new Error(`${who}: token request answered ${tokenResponse.status}`);
  }
  const { access_token } = (await tokenResponse.json()) as { access_token: string };
  const origin = `https://${host("faasGW")}`;
  const path = `/api/account/${env.accountId}/lambdas/${env.lambdaUuid}/invoke?v=1&externalSystem=${SOURCE}`;
  return { origin, path, url: `${origin}${path}`, authorization: `Bearer ${access_token}` };
}

/** The invoke body every hand-written contender sends (serialised per invoke, as a user's code would). */
export function invokeBody(): string {
  return JSON.stringify({ timestamp: Date.now(), headers: [], payload: PAYLOAD });
}
