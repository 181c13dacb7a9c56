/**
 * `@lpkit/core/internal`: the plumbing the lpkit packages share — the round trip (`exchange`),
 * requests built from generated `paths`, the options kit, the retry loop, the 401-replay rule,
 * redaction and argument checks. It is documented for the sibling packages and carries **no semver
 * promise**: anything here may change in any release. Applications should use the package entry
 * points instead.
 *
 * @module
 */
export * from "./abort-fanout.js";
export { assertRawAppJwt, toAppJwtAuthenticator } from "./app-jwt-auth.js";
export * from "./authenticator.js";
export * from "./authorized-exchange.js";
export * from "./client-base.js";
export * from "./client-options.js";
export * from "./deadline.js";
export { nameErrorClass } from "./errors.js";
export * from "./exchange.js";
export { showHost } from "./host-errors.js";
export * from "./host-policy.js";
export * from "./http-answer.js";
export * from "./http-request.js";
export * from "./json-text.js";
export * from "./local-emulator.js";
export * from "./options.js";
export * from "./own-keys.js";
export * from "./redact.js";
export { isRetryableStatus } from "./response-errors.js";
export * from "./retry.js";
export { DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS } from "./transport.js";
export * from "./validate.js";
