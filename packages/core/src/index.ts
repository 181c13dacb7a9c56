/**
 * `@lpkit/core`: the foundation every lpkit package shares — one error hierarchy with stable codes,
 * argument validation, request deadlines and secret redaction.
 *
 * @module
 */
export * from "./connector-errors.js";
export * from "./errors.js";
export * from "./redact.js";
export * from "./transport.js";
export * from "./until-aborted.js";
export * from "./validate.js";
