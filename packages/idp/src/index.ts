/**
 * `@lpkit/idp`: LivePerson's identity provider for the Connector API — a typed client on lpkit's
 * shared request layer (`createIdpClient`), validated `createConsumerJws` requests, a parser for
 * the IdP's answer, and a web-standard ConsumerJWS decoder. The ConsumerJWS identifies the consumer
 * a connector acts for; it never expires.
 *
 * @example
 * ```ts
 * import { createIdpClient } from "@lpkit/idp";
 *
 * const idp = createIdpClient({ baseUrl: "va.idp.liveperson.net", accountId: "12345678", auth: appJwt });
 * const jws = await idp.createConsumerJws("user-42");
 * ```
 *
 * @module
 */
export type { AppJwtSource, AppJwtTokenSource } from "@lpkit/core";
export { createIdpClient, IDP_DEFAULT_MAX_RESPONSE_BYTES, IDP_DEFAULT_TIMEOUT_MS } from "./client.js";
export type { CreateConsumerJwsOptions, IdpClient, IdpClientOptions } from "./client-types.js";

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
export { IDP_RETRY_DEFAULTS, idpRetryDelay, RATE_LIMIT_FLOOR_MS } from "./retry.js";
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
