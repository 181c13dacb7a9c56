/**
 * Public types of `@lpkit/faasgw`: client options, per-call options and results.
 *
 * @module
 */
import type {
  Authenticator,
  RetryOptions as CoreRetryOptions,
  FetchLike,
  HeadersLike,
  Now,
  Sleep,
  Transport,
} from "@lpkit/core";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/faasgw.js";

/**
 * The two calling conventions of the gateway. `"v1"` sends `v=1` and `externalSystem` in the query;
 * `"v2"` (hosts containing `fninvocations` or `functions`) sends no `v` and names the caller in
 * `LP-EventSource`.
 *
 * @example
 * ```ts
 * const convention: Convention = "v2";
 * ```
 */
export type Convention = "v1" | "v2";

/**
 * Supplies the `Authorization` header value for a request, e.g. `"Bearer eyJ…"`. Called once per
 * HTTP attempt, so a token manager can hand out a fresh token on a retry. `signal` ends when the
 * attempt's deadline passes or the caller aborts.
 *
 * @example
 * ```ts
 * const auth: AuthHook = async ({ signal }) => `Bearer ${await tokens.get({ signal })}`;
 * ```
 */
export type AuthHook = (context: { signal?: AbortSignal | undefined }) => Promise<string>;

/**
 * When and how often a request is sent again: core's retry options (`maxRetries` default 2,
 * `baseDelayMs` 200, `maxDelayMs` 5 000, `maxRetryAfterMs` 5 000 — a 429 whose `Retry-After` is
 * longer is not retried) plus the idempotency opt-in. Only failures after which the function
 * certainly did not run are retried: a connection that was never established, and 429.
 *
 * @example
 * ```ts
 * const retry: RetryOptions = { maxRetries: 3, maxDelayMs: 2_000 };
 * const forIdempotentFunctions: RetryOptions = { idempotent: true }; // may run a function twice
 * ```
 */
export interface RetryOptions extends CoreRetryOptions {
  /**
   * Opt-in, default `false`: declare the client's functions **idempotent**, so that a request is also
   * sent again when it may already have reached the gateway — after a `TimeoutError`, a reset
   * connection (`NetworkError` with phase `"unknown"`) or a `GatewayError` with status 408, 500, 502,
   * 503 or 504. Such a retry can run the function twice; set it only when running it twice is
   * harmless. Per call, `InvokeOptions.idempotent` overrides it. `FunctionError` is never retried.
   */
  idempotent?: boolean | undefined;
}

/**
 * Options of {@link createFaasClient}.
 *
 * @example
 * ```ts
 * const options: FaasClientOptions = {
 *   baseUrl: await domain.getServiceHost(accountId, "faasGW"),
 *   accountId,
 *   auth: tokenManager,
 * };
 * ```
 */
export interface FaasClientOptions {
  /** The account's faasGW host from the Domain API (service `faasGW`), or a full URL. Bare hosts get `https://`. */
  baseUrl: string;
  /** LivePerson account id all calls are made for. */
  accountId: string;
  /** Calling convention; default `"v2"` when the host contains `fninvocations` or `functions`, else `"v1"`. */
  convention?: Convention | undefined;
  /**
   * An {@link AuthHook}, an `Authenticator` (e.g. a token manager: also refreshes and replays once
   * on 401), or a static token (`"Bearer "` is added when missing).
   */
  auth?: AuthHook | Authenticator | string | undefined;
  /**
   * Name of the calling system: V1 `externalSystem` query, V2 `LP-EventSource` header. Default
   * `"lpkit"`. Up to 128 characters; spaces are fine ("My CRM"), control characters are not.
   */
  source?: string | undefined;
  /** The `fetch` to use (it receives a `Request`); default `globalThis.fetch`. Wrap it to observe or change requests. */
  fetch?: FetchLike | undefined;
  /** Time limit per HTTP attempt, in ms; default 35 000 (functions may run for 30 s). */
  timeoutMs?: number | undefined;
  /** Extra HTTP headers sent with every request. */
  headers?: HeadersLike | undefined;
  /** Allow plain `http://` for hosts that are not loopback (never do this in production); only `true`/`false`. */
  allowInsecureHttp?: boolean | undefined;
  /** Retry policy; see {@link RetryOptions}. */
  retry?: RetryOptions | undefined;
  /** Clock in ms since the epoch, used for the default invocation `timestamp` and `Retry-After` dates. */
  now?: Now | undefined;
  /** How to wait between retries; default a `setTimeout` that the caller's signal can cut short. */
  sleep?: Sleep | undefined;
  /** Largest serialised request body, in bytes; default 4 MiB. Larger payloads are refused before sending. */
  maxRequestBytes?: number | undefined;
  /** Largest response body read into memory, in bytes; default 4 MiB. */
  maxResponseBytes?: number | undefined;
  /** Advanced: the transport to send with instead of `fetch` (see `Transport` in `@lpkit/core`). */
  transport?: Transport | undefined;
}

/**
 * Headers handed to the function inside the invocation body (not HTTP headers of the request).
 *
 * @example
 * ```ts
 * const headers: InvocationHeaders = { "x-correlation-id": "order-4711" };
 * const same: InvocationHeaders = [{ key: "x-correlation-id", value: "order-4711" }];
 * ```
 */
export type InvocationHeaders = Readonly<Record<string, string>> | readonly { key: string; value: string }[];

/**
 * Per-call options of `invoke` and `invokeEvent`.
 *
 * @example
 * ```ts
 * await faas.invoke(lambdaUuid, { orderId: "4711" }, { userId: "crm", timeoutMs: 10_000 });
 * ```
 */
export interface InvokeOptions {
  /** Headers handed to the function in the body's `headers` array. */
  headers?: InvocationHeaders | undefined;
  /** Body `timestamp` in Unix epoch ms; default `now()`. `0` is allowed. */
  timestamp?: number | undefined;
  /** `userId` query parameter. */
  userId?: string | undefined;
  /** `skillId` query parameter; `""` is sent as `skillId=` (as LivePerson's own client does). */
  skillId?: string | undefined;
  /** Ends the call (and any wait before a retry) with an `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Time limit per HTTP attempt for this call; default the client's `timeoutMs`. */
  timeoutMs?: number | undefined;
  /**
   * This function is idempotent: also retry after a timeout, a reset or a 408/500/502/503/504, which
   * may run it twice (see `RetryOptions.idempotent`). Default: the client's `retry.idempotent` (`false`).
   */
  idempotent?: boolean | undefined;
}

/**
 * Per-call options of `isImplemented`.
 *
 * @example
 * ```ts
 * await faas.isImplemented("bot_connectors_custom_integration", { skillId: "1234567890" });
 * ```
 */
export interface IsImplementedOptions {
  /** `skillId` query parameter; `""` is sent as `skillId=`. */
  skillId?: string | undefined;
  /** `userId` query parameter. */
  userId?: string | undefined;
  /** Ends the call with an `AbortError`. */
  signal?: AbortSignal | undefined;
}

/**
 * A successful invocation.
 *
 * @example
 * ```ts
 * const { data, status, requestId } = await faas.invoke<{ greeting: string }>(lambdaUuid, { name: "Jane" });
 * ```
 */
export interface InvokeResponse<T> {
  /** What the function returned (parsed JSON; `undefined` for an empty body). Not validated against `T`. */
  data: T;
  /** HTTP status: usually 200 (V1) or 202 (V2). */
  status: number;
  /** The `X-Request-Id` lpkit sent (the same on every retry of this call). */
  requestId: string;
}

/**
 * A faasGW client made by {@link createFaasClient}.
 *
 * @example
 * ```ts
 * const { data } = await faas.invoke<{ ok: boolean }>(lambdaUuid, { hello: "world" });
 * ```
 */
export interface FaasClient {
  /**
   * A plain openapi-fetch client typed from `specs/faasgw.yaml`, for raw calls:
   * `createClient<paths>({ baseUrl, fetch, headers })` with this client's base URL, `fetch` and
   * headers — nothing else (no `auth`, no request id, no retries, no error mapping).
   */
  readonly raw: Client<paths>;
  /** The convention in use (given, or detected from the host). */
  readonly convention: Convention;
  /** Invokes one function by its UUID and returns what it returned. */
  invoke<TResult = unknown>(
    lambdaUuid: string,
    payload: unknown,
    options?: InvokeOptions,
  ): Promise<InvokeResponse<TResult>>;
  /** Invokes the productive function(s) registered for an event. */
  invokeEvent<TResult = unknown>(
    eventId: string,
    payload: unknown,
    options?: InvokeOptions,
  ): Promise<InvokeResponse<TResult>>;
  /** Whether the account has a productive function for the event. */
  isImplemented(eventId: string, options?: IsImplementedOptions): Promise<boolean>;
}
