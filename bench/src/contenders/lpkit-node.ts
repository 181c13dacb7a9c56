/**
 * lpkit on its Node transport: `createLivePersonFunctions` (domain resolver + token manager + faasGW
 * client) with `transport: nodeTransport()` from `@lpkit/node-transport`, every other default.
 *
 * @module
 */
import { createLivePersonFunctions } from "@lpkit/auth";
import { nodeTransport } from "@lpkit/node-transport";
import { checkEcho, PAYLOAD, SOURCE } from "../workload.js";
import type { ContenderFactory } from "./types.js";

/**
 * Creates the client; the hosts and the token are fetched on the first invoke.
 *
 * @example
 * ```ts
 * const lp = await createLpkitNode(env);
 * await lp.invoke();
 * ```
 */
export const createLpkitNode: ContenderFactory = async (env) => {
  const lp = createLivePersonFunctions({
    accountId: env.accountId,
    clientId: env.clientId,
    clientSecret: env.clientSecret,
    domainApi: { baseUrl: env.domainApi },
    faas: { source: SOURCE },
    transport: nodeTransport(),
  });
  return {
    async invoke() {
      const { data } = await lp.invoke(env.lambdaUuid, PAYLOAD);
      checkEcho(data);
    },
  };
};
