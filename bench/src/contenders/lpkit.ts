/**
 * lpkit, full stack: `createLivePersonFunctions` (domain resolver + token manager + faasGW client)
 * with every default (timeouts, retry policy, 401 replay, typed errors, bounded bodies).
 *
 * @module
 */
import { createLivePersonFunctions } from "@lpkit/auth";
import { checkEcho, PAYLOAD, SOURCE } from "../workload.js";
import type { ContenderFactory } from "./types.js";

/**
 * Creates the client; the hosts and the token are fetched on the first invoke.
 *
 * @example
 * ```ts
 * const lp = await createLpkit(env);
 * await lp.invoke();
 * ```
 */
export const createLpkit: ContenderFactory = async (env) => {
  const lp = createLivePersonFunctions({
    accountId: env.accountId,
    clientId: env.clientId,
    clientSecret: env.clientSecret,
    domainApi: { baseUrl: env.domainApi },
    faas: { source: SOURCE },
  });
  return {
    async invoke() {
      const { data } = await lp.invoke(env.lambdaUuid, PAYLOAD);
      checkEcho(data);
    },
  };
};
