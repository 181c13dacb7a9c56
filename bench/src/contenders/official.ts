/**
 * LivePerson's official Node client, `liveperson-functions-client@2.2.0`, with its defaults. It
 * hard-codes `http://adminlogin.liveperson.net` for the Domain API and `https://` for Sentinel and
 * faasGW; the DNS guard of the process maps that one name to the emulator's loopback address.
 *
 * @module
 */
import { Client } from "liveperson-functions-client";
import { checkEcho, PAYLOAD, SOURCE } from "../workload.js";
import type { ContenderFactory } from "./types.js";

/**
 * Creates the client; the hosts and the token are fetched on the first invoke.
 *
 * @example
 * ```ts
 * const official = await createOfficial(env);
 * await official.invoke();
 * ```
 */
export const createOfficial: ContenderFactory = async (env) => {
  const client = new Client({
    accountId: env.accountId,
    authStrategy: { clientId: env.clientId, clientSecret: env.clientSecret },
  });
  return {
    async invoke() {
      const response = await client.invoke({
        lambdaUuid: env.lambdaUuid,
        externalSystem: SOURCE,
        body: { headers: [], payload: PAYLOAD },
      });
      if (!response.ok) {
        throw new Error(`official client: invoke answered ${response.status}`);
      }
      checkEcho(response.body);
    },
  };
};
