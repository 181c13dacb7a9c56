/**
 * What a lambda registered with the emulator looks like: a plain (async) function receiving the
 * invocation payload and a context with the invocation's headers and metadata.
 *
 * @module
 */

/**
 * One header of the invocation envelope (`headers: [{ key, value }]`), handed to the function.
 *
 * @example
 * ```ts
 * const header: InvocationHeader = { key: "x-correlation-id", value: "order-4711" };
 * ```
 */
export interface InvocationHeader {
  readonly key: string;
  readonly value: string;
}

/**
 * Log levels a lambda can log with; they show up in the `errorLogs` of a failed invocation.
 *
 * @example
 * ```ts
 * context.log("Warn" satisfies LambdaLogLevel, "slow upstream");
 * ```
 */
export type LambdaLogLevel = "Debug" | "Info" | "Warn" | "Error";

/**
 * One log line a lambda wrote, as it appears in a 901 body's `errorLogs`.
 *
 * @example
 * ```ts
 * // a V1 901 body: { errorCode, errorMsg, errorLogs: LambdaLogEntry[] }
 * const entry: LambdaLogEntry = { level: "Error", message: "failed", timestamp: Date.now(), extras: [] };
 * ```
 */
export interface LambdaLogEntry {
  readonly level: LambdaLogLevel;
  readonly message: string;
  /** ms since the epoch (emulator clock). */
  readonly timestamp: number;
  readonly extras: readonly string[];
}

/**
 * Which faasGW convention an invocation came through.
 *
 * @example
 * ```ts
 * const convention: FaasConvention = context.convention; // "v1" or "v2"
 * ```
 */
export type FaasConvention = "v1" | "v2";

/**
 * What a lambda handler receives next to the payload.
 *
 * @example
 * ```ts
 * emulator.registerLambda(uuid, (payload, context) => {
 *   context.log("Info", "called by", context.source);
 *   return { headers: context.headers };
 * });
 * ```
 */
export interface LambdaContext {
  readonly accountId: string;
  /** UUID of the lambda running. */
  readonly lambdaUuid: string;
  /** The event id, when invoked by event. */
  readonly eventId: string | undefined;
  /** The invocation envelope's `headers` (not HTTP headers). */
  readonly headers: readonly InvocationHeader[];
  /** HTTP request headers, names lower-cased, `authorization` removed. */
  readonly httpHeaders: Readonly<Record<string, string>>;
  /** The envelope's `timestamp`, when sent. */
  readonly timestamp: number | undefined;
  /** The account's Functions generation, which decides the error body shape. */
  readonly convention: FaasConvention;
  /** The calling system: `externalSystem` (V1) or `LP-EventSource` (V2). */
  readonly source: string | undefined;
  readonly userId: string | undefined;
  readonly skillId: string | undefined;
  /** The `X-Request-Id` the caller sent. */
  readonly requestId: string | undefined;
  /** Aborted when the execution time limit is reached or the emulator stops. */
  readonly signal: AbortSignal;
  /** Writes a log line; failed invocations return them as `errorLogs`. */
  log(level: LambdaLogLevel, message: string, ...extras: unknown[]): void;
}

/**
 * A lambda: receives the payload and context, returns (or resolves to) any JSON value. Throwing,
 * rejecting or running past the time limit makes the gateway answer 901. `TPayload` is what the
 * lambda expects to receive; like a real function, it is not checked at run time.
 *
 * @example
 * ```ts
 * const greet: LambdaHandler<{ name: string }> = async ({ name }, context) => {
 *   context.log("Info", "greeting", name);
 *   return { greeting: `Hello, ${name}` };
 * };
 * ```
 */
export type LambdaHandler<TPayload = unknown> = (payload: TPayload, context: LambdaContext) => unknown;

/**
 * Options of a registered lambda.
 *
 * @example
 * ```ts
 * emulator.registerLambda(uuid, handler, { eventId: "my_event", timeoutMs: 500, accountId: "12345678" });
 * ```
 */
export interface LambdaOptions {
  /** Makes the lambda run on `POST /events/{eventId}/invoke` and count for `isImplemented`. */
  eventId?: string | undefined;
  /** Execution time limit in ms; default the emulator's `lambdaTimeoutMs` (30 s). */
  timeoutMs?: number | undefined;
  /** Restricts the lambda to one account; default: every account. */
  accountId?: string | undefined;
  /** A display name (printed by the CLI). */
  name?: string | undefined;
}

/**
 * A lambda definition as passed in `createEmulator({ lambdas })`.
 *
 * @example
 * ```ts
 * const lambda: EmulatorLambda = { uuid: "3fa85f64-5717-4562-b3fc-2c963f66afa6", eventId: "my_event", handler: (payload) => ({ ok: true, payload }) };
 * ```
 */
export interface EmulatorLambda extends LambdaOptions {
  /** The lambda UUID (8-4-4-4-12 hex). */
  uuid: string;
  handler: LambdaHandler;
}
