/**
 * The errors of the Functions gateway (faasGW): {@link GatewayError} when the gateway failed,
 * {@link FunctionError} when the function itself did. Exported from `@lpkit/core`.
 *
 * @module
 */
import { nameErrorClass } from "./errors.js";
import { ResponseError, type ResponseErrorInit } from "./response-errors.js";

/**
 * One log line a LivePerson function wrote, as faasGW returns it with a failure.
 *
 * @example
 * ```ts
 * for (const line of err.logs) console.log(line.level, line.message);
 * ```
 */
export interface FunctionLogEntry {
  level?: string | undefined;
  message?: string | undefined;
  timestamp?: number | undefined;
  extras?: unknown[] | undefined;
}

/**
 * Fields shared by faasGW errors.
 *
 * @example
 * ```ts
 * const init: FaasErrorInit = { status: 404, errorCode: "com.liveperson.faas.es.missinglambda" };
 * ```
 */
export interface FaasErrorInit extends ResponseErrorInit {
  /** LivePerson's own error code, e.g. `com.liveperson.faas.es.missinglambda`. */
  errorCode?: string | undefined;
  /** LivePerson's own error message. */
  errorMessage?: string | undefined;
  /** Function logs, when the gateway returned them. */
  logs?: FunctionLogEntry[] | undefined;
}

/**
 * Base of the faasGW errors: {@link GatewayError} and {@link FunctionError}.
 *
 * @example
 * ```ts
 * if (err instanceof FaasError) console.error(err.status, err.errorCode, err.logs);
 * ```
 */
export abstract class FaasError extends ResponseError {
  static {
    nameErrorClass(FaasError, "FaasError");
  }
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
  readonly logs: FunctionLogEntry[];
  constructor(message: string, init: FaasErrorInit) {
    super(message, init);
    this.errorCode = init.errorCode;
    this.errorMessage = init.errorMessage;
    this.logs = init.logs ?? [];
  }
}

/**
 * The gateway failed (auth, unknown lambda, rate limit, outage, a redirect): not the function's own fault.
 *
 * @example
 * ```ts
 * if (err instanceof GatewayError && err.status === 429) console.warn("rate limited", err.retryAfterMs);
 * ```
 */
export class GatewayError extends FaasError {
  static {
    nameErrorClass(GatewayError, "GatewayError");
  }
  readonly code = "ERR_FAAS_GATEWAY" as const;
}

/**
 * The function itself failed (status 901, `com.customer.faas.*`, `com.liveperson.faas.handler.*`).
 *
 * @example
 * ```ts
 * if (err instanceof FunctionError) console.error(err.errorMessage, err.logs);
 * ```
 */
export class FunctionError extends FaasError {
  static {
    nameErrorClass(FunctionError, "FunctionError");
  }
  readonly code = "ERR_FAAS_FUNCTION" as const;
}
