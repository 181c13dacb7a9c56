/**
 * Node's global `fetch`, hand-written, with a fixed `Authorization` header.
 *
 * @module
 */
import { checkEcho } from "../workload.js";
import { invokeBody, lookUpAndAuthorize } from "./setup.js";
import type { ContenderFactory } from "./types.js";

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
  const { url, authorization } = await lookUpAndAuthorize(env, "raw fetch");
  return {
    async invoke() {
      const response = await fetch(url, {
        method: "POST",
        headers: { authorization, "content-type": "application/json", accept: "application/json" },
        body: invokeBody(),
      });
      if (!response.ok) {
        throw new Error(`raw fetch: invoke answered ${response.status}`);
      }
      checkEcho(await response.json());
    },
  };
};
