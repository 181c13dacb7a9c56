/**
 * `@lpkit/idp`: LivePerson's identity provider for the Connector API — typed, validated
 * `createConsumerJws` requests, a parser for the IdP's answer, and a web-standard ConsumerJWS
 * decoder. The ConsumerJWS identifies the consumer a connector acts for; it never expires.
 *
 * @example
 * ```ts
 * import { createConsumerJwsInit, parseConsumerJwsAnswer } from "@lpkit/idp";
 *
 * const init = createConsumerJwsInit({ accountId, extConsumerId: "user-42", appJwt });
 * // …send init with your HTTP client, then:
 * const jws = parseConsumerJwsAnswer({ status: response.status, text: await response.text() });
 * ```
 *
 * @module
 */

export type { ParseConsumerJwsOptions } from "./consumer-jws-answer.js";
export { parseConsumerJwsAnswer } from "./consumer-jws-answer.js";
export type { CreateConsumerJwsInput } from "./consumer-jws-request.js";
export {
  assertExtConsumerId,
  assertRawAppJwt,
  createConsumerJwsInit,
  MAX_EXT_CONSUMER_ID_LENGTH,
} from "./consumer-jws-request.js";
export { decodeConsumerJws, MAX_CONSUMER_JWS_LENGTH } from "./decode-consumer-jws.js";
export type { components, operations, paths } from "./generated/idp.js";
export type {
  ConsumerJws,
  ConsumerJwsClaims,
  ConsumerJwsHeader,
  ConsumerJwsRequestBody,
  ConsumerJwsResponse,
  CreateConsumerJwsInit,
  CreateConsumerJwsParams,
  CreateConsumerJwsPath,
  DecodedConsumerJws,
  IdpAnswer,
} from "./types.js";
