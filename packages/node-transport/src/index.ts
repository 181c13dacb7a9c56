/**
 * `@lpkit/node-transport`: an opt-in, Node-only transport for every lpkit client, on undici's
 * connection pools — several times less client CPU per request than `fetch`, with the same contract.
 *
 * @example
 * ```ts
 * import { createLivePersonFunctions } from "@lpkit/auth";
 * import { nodeTransport } from "@lpkit/node-transport";
 *
 * const lp = createLivePersonFunctions({ accountId, clientId, clientSecret, transport: nodeTransport() });
 * ```
 *
 * @module
 */
export { type NodeTransport, type NodeTransportOptions, nodeTransport } from "./node-transport.js";
