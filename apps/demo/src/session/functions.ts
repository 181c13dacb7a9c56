/**
 * The one place the demo wires `@lpkit/auth`: `createLivePersonFunctions` (domain resolver + token
 * manager + faasGW client) on the target's recording `fetch` and clock.
 *
 * @module
 */
import {
  type AuthEvent,
  type AuthLogger,
  createLivePersonFunctions,
  type LivePersonFunctions,
} from "@lpkit/auth";
import type { Target } from "./target.js";

/**
 * Name the demo's invocations carry (`externalSystem` / `LP-EventSource`).
 *
 * @example
 * ```ts
 * // the lambda sees context.source === DEMO_SOURCE ("lpkit-demo")
 * ```
 */
export const DEMO_SOURCE = "lpkit-demo";

/**
 * Options of {@link createFunctions}.
 *
 * @example
 * ```ts
 * const options: CreateFunctionsOptions = { onEvent: (event) => console.log(event.type) };
 * ```
 */
export interface CreateFunctionsOptions {
  /** Every resolver and token-manager event. */
  readonly onEvent?: ((event: AuthEvent) => void) | undefined;
  /** `@lpkit/auth`'s logger (debug output). */
  readonly logger?: AuthLogger | undefined;
}

/**
 * Wires discovery, tokens and invocation for the target's account and installation.
 *
 * @example
 * ```ts
 * const lp = createFunctions(target, { onEvent: (event) => events.push(event) });
 * await lp.invoke(target.lambdaUuid!, { hello: "world" });
 * ```
 */
export function createFunctions(target: Target, options: CreateFunctionsOptions = {}): LivePersonFunctions {
  if (target.clientId === undefined || target.clientSecret === undefined) {
    throw new TypeError("createFunctions: the target has no client credentials");
  }
  return createLivePersonFunctions({
    accountId: target.accountId,
    clientId: target.clientId,
    clientSecret: target.clientSecret,
    version: target.sentinelVersion,
    domainApi: { baseUrl: target.domainApi },
    faas: { source: DEMO_SOURCE },
    fetch: target.fetch,
    now: target.now,
    onEvent: options.onEvent,
    logger: options.logger,
  });
}
