/**
 * Bare undici: a `Pool` per origin and `pool.request()`, hand-written — the transport lpkit's Node
 * transport is built on, with nothing of lpkit around it.
 *
 * @module
 */
import { Pool } from "undici";
import { checkEcho } from "../workload.js";
import { invokeBody, lookUpAndAuthorize } from "./setup.js";
import type { ContenderFactory } from "./types.js";

/** Connections of the pool: the same as `nodeTransport()`'s default. */
export const BARE_POOL_CONNECTIONS = 16;

/**
 * Looks up the hosts and fetches one token with `fetch`, then invokes through `pool.request()`.
 *
 * @example
 * ```ts
 * const undici = await createUndiciPool(env);
 * await undici.invoke();
 * ```
 */
export const createUndiciPool: ContenderFactory = async (env) => {
  const target = await lookUpAndAuthorize(env, "undici Pool");
  const pool = new Pool(target.origin, { connections: BARE_POOL_CONNECTIONS });
  const headers = {
    authorization: target.authorization,
    "content-type": "application/json",
    accept: "application/json",
  };
  return {
    async invoke() {
      const { statusCode, body } = await pool.request({
        path: target.path,
        method: "POST",
        headers,
        body: invokeBody(),
      });
      if (statusCode !== 200) {
        await body.dump();
        throw new Error(`undici Pool: invoke answered ${statusCode}`);
      }
      checkEcho(await body.json());
    },
  };
};
