/**
 * `@lpkit/core`: what every lpkit user may need from the foundation — the one error hierarchy with
 * stable codes, the transport seam and its `fetch` default, the authenticator interface and the
 * retry options shape. The plumbing the sibling packages share lives in `@lpkit/core/internal`.
 *
 * @module
 */
export type { AppJwtSource, AppJwtTokenSource } from "./app-jwt-auth.js";
export type { Authenticator } from "./authenticator.js";
export * from "./connector-errors.js";
export {
  AbortError,
  type AnyLpkitError,
  InvalidArgumentError,
  isLpkitError,
  LpkitError,
  type LpkitErrorCode,
  type LpkitErrorOptions,
  NetworkError,
  type NetworkFailurePhase,
  TimeoutError,
} from "./errors.js";
export {
  FaasError,
  type FaasErrorInit,
  FunctionError,
  type FunctionLogEntry,
  GatewayError,
} from "./faas-errors.js";
export { HostRefusedError } from "./host-errors.js";
export {
  JwksFetchError,
  JwksNoMatchingKeyError,
  JwtClaimError,
  JwtExpiredError,
  JwtMalformedError,
  JwtSignatureError,
} from "./jwt-errors.js";
export { REDACTED } from "./redact.js";
export {
  DomainApiError,
  ResponseError,
  type ResponseErrorInit,
  ServiceNotFoundError,
  TokenRequestError,
  UnexpectedResponseError,
} from "./response-errors.js";
export type { RetryOptions, Sleep } from "./retry.js";
export { StoreError, type StoreFailureReason } from "./store-errors.js";
export {
  type FetchLike,
  fetchTransport,
  type HeadersLike,
  type Now,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from "./transport.js";
