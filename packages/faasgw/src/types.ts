/**
 * Public types of `@lpkit/faasgw`: client options, per-call options and results.
 *
 * @module
 */
import type { FetchLike, HeadersLike, Now } from "@lpkit/core";
import type { Client, Middleware } from "openapi-fetch";
import type { paths } from "./generated/faasgw.js";

/**
 * The two calling conventions of the gateway. `"v1"` sends `v=1` and `externalSystem` in the query;
 * `"v2"` (hosts containing `fninvocations`) sends no `v` and names the caller in `LP-EventSource`.
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
 * Supplies `Authorization` header values and — optionally — learns which one the gateway rejected.
 * A token manager from `@lpkit/auth` is one. When the gateway answers **401** and `invalidate` is
 * present, the client calls `invalidate(rejected)` with the header value it sent, asks
 * `authorization` again and, if the new value differs, sends the same request once more (same
 * serialised body). It never replays twice, and never on 403.
 *
 * @example
 * ```ts
 * const auth: Authenticator = {
 *   authorization: async ({ signal }) => `Bearer ${await vault.token({ signal })}`,
 *   invalidate: async (rejected) => vault.forget(rejected),
 * };
 * createFaasClient({ baseUrl, accountId, auth }); // or: auth: tokenManager
 * ```
 */
export interface Authenticator {
  /** The header value for the next request, e.g. `"Bearer eyJ…"`. */
  authorization(context: { signal?: AbortSignal | undefined }): Promise<string>;
  /** Drops `rejected` (the `Authorization` value that got a 401) so `authorization` yields a new one. */
  invalidate?(rejected: string): Promise<unknown>;
}

/**
 * Waits `ms` milliseconds; rejects when `signal` aborts. Injected in tests so retries need no real waiting.
 *
 * @example
 * ```ts
 * const sleep: Sleep = async () => {}; // never wait (tests)
 * ```
 */
export type Sleep = (ms: number, signal?: AbortSignal | undefined) => Promise<void>;

/**
 * When and how often a request is sent again. Only failures after which the function certainly did not
 * run are retried: a connection that was never established, and 429 (rate limited).
 *
 * @example
 * ```ts
 * const retry: RetryOptions = { attempts: 3, maxDelayMs: 2_000 };
 * const forIdempotentFunctions: RetryOptions = { idempotent: true }; // may run a function twice
 * ```
 */
export interface RetryOptions {
  /** How many times a request may be sent again after the first try; default 2, `0` turns retries off. */
  attempts?: number | undefined;
  /** Longest wait before a retry, in ms (default 5 000). A 429 whose `Retry-After` is longer is not retried. */
  maxDelayMs?: number | undefined;
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
  /** Calling convention; default `"v2"` when the host contains `fninvocations`, else `"v1"`. */
  convention?: Convention | undefined;
  /**
   * An {@link AuthHook}, an {@link Authenticator} (e.g. a token manager: also refreshes and replays
   * once on 401), or a static token (`"Bearer "` is added when missing).
   */
  auth?: AuthHook | Authenticator | string | undefined;
  /**
   * openapi-fetch middleware, registered with `client.use`. Without middleware, calls skip
   * openapi-fetch's request pipeline (faster); `raw` always uses it.
   */
  middleware?: Middleware | Middleware[] | undefined;
  /** Name of the calling system: V1 `externalSystem` query, V2 `LP-EventSource` header. Default `"lpkit"`. */
  source?: string | undefined;
  /** The `fetch` to use; default `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  /** Time limit per HTTP attempt, in ms; default 35 000 (functions may run for 30 s). */
  timeoutMs?: number | undefined;
  /** Extra HTTP headers sent with every request. */
  headers?: HeadersLike | undefined;
  /** Allow plain `http://` for hosts that are not loopback (never do this in production). */
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
  /** `skillId` query parameter. */
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
  /** `skillId` query parameter. */
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
  /** The underlying openapi-fetch client, typed from `specs/faasgw.yaml`, for raw calls. */
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
