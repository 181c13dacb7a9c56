/**
 * `@lpkit/faasgw`: a typed client for the LivePerson Functions invocation gateway (faasGW), generated
 * from `specs/faasgw.yaml`. Invoke functions by UUID or event, check whether an event is implemented,
 * with V1/V2 conventions, pluggable auth, a safe retry policy and typed errors.
 *
 * @example
 * ```ts
 * import { createFaasClient, FunctionError } from "@lpkit/faasgw";
 *
 * const faas = createFaasClient({ baseUrl: "va.faasgw.liveperson.net", accountId: "12345678", auth: token });
 * try {
 *   const { data } = await faas.invoke<{ ok: boolean }>(lambdaUuid, { hello: "world" });
 * } catch (err) {
 *   if (err instanceof FunctionError) console.error(err.errorCode, err.logs);
 * }
 * ```
 *
 * @module
 */
export { type Authenticator, FaasError, FunctionError, GatewayError } from "@lpkit/core";
export { bearerHeader } from "./auth.js";
export { createFaasClient, DEFAULT_SOURCE, FAAS_DEFAULT_TIMEOUT_MS } from "./client.js";
export { conventionForHost } from "./convention.js";
export {
  type FaasErrorV1Body,
  type FaasErrorV2Body,
  FUNCTION_FAILED_STATUS,
  isFunctionErrorCode,
} from "./error-body.js";
export type { components, operations, paths } from "./generated/faasgw.js";
export {
  DEFAULT_MAX_REQUEST_BYTES,
  type InvocationHeader,
  type InvocationRequest,
} from "./invocation-body.js";
export { FAAS_RETRY_DEFAULTS } from "./retry.js";
export type {
  AuthHook,
  Convention,
  FaasClient,
  FaasClientOptions,
  InvocationHeaders,
  InvokeOptions,
  InvokeResponse,
  IsImplementedOptions,
  RetryOptions,
} from "./types.js";
