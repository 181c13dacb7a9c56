/**
 * The contenders by id, loaded on demand so a worker process imports only the one it measures.
 *
 * @module
 */
import type { ContenderId } from "../workload.js";
import type { ContenderFactory } from "./types.js";

/**
 * Imports the factory of one contender (and only its dependencies).
 *
 * @example
 * ```ts
 * const create = await loadContender("lpkit");
 * const contender = await create(env);
 * ```
 */
export async function loadContender(id: ContenderId): Promise<ContenderFactory> {
  switch (id) {
    case "raw-fetch":
      return (await import("./raw-fetch.js")).createRawFetch;
    case "node-https":
      return (await import("./node-https.js")).createNodeHttps;
    case "undici-pool":
      return (await import("./undici-pool.js")).createUndiciPool;
    case "openapi-fetch":
      return (await import("./openapi-fetch.js")).createOpenapiFetch;
    case "lpkit":
      return (await import("./lpkit.js")).createLpkit;
    case "lpkit-node":
      return (await import("./lpkit-node.js")).createLpkitNode;
    case "official":
      return (await import("./official.js")).createOfficial;
  }
}
