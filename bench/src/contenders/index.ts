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
    case "openapi-fetch":
      return (await import("./openapi-fetch.js")).createOpenapiFetch;
    case "lpkit":
      return (await import("./lpkit.js")).createLpkit;
    case "official":
      return (await import("./official.js")).createOfficial;
  }
}
