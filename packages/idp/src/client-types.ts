/**
 * Public types of the IdP client: its options, per-call options and the client itself.
 *
 * @module
 */
import type { AppJwtSource, FetchLike, HeadersLike, Now, RetryOptions, Sleep, Transport } from "@lpkit/core";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/idp.js";
import type { ConsumerJws } from "./types.js";

/**
 * Options of {@link createIdpClient}.
 *
 * @example
 * ```ts
 * const options: IdpClientOptions = {
 *   baseUrl: await domains.resolve("idp"), // e.g. "va.idp.liveperson.net"
 *   accountId: "12345678",
 *   auth: tokenManager, // an AppJWT source: sent raw, renewed and replayed once after a 401
 * };
 * ```
 */
export interface IdpClientOptions {
  /** The account's IdP host from the Domain API (service `idp`), or a full URL. Bare hosts get `https://`. */
  baseUrl: string;
  /** The account (site) id. */
  accountId: string;
  /**
   * The AppJWT (Sentinel v1 token of an app installation with scope `msg.consumer`), sent **raw** in
   * `Authorization`: a token manager of `@lpkit/auth`, a hook, an authenticator yielding the raw
   * token, or a static token. After a 401 a source that can `invalidate` is asked for a new token and
   * the request is replayed once.
   */
  auth: AppJwtSource;
  /** Time limit of one attempt (getting the AppJWT, sending, the replay), in ms. Default 10 000. */
  timeoutMs?: number | undefined;
  /** Retries (core's options): default `{ maxRetries: 2, baseDelayMs: 1000, maxDelayMs: 10000, maxRetryAfterMs: 30000 }`. */
  retry?: RetryOptions | undefined;
  /** Extra headers on every request (not `Authorization`: that is `auth`). */
  headers?: HeadersLike | undefined;
  /** The `fetch` to send with (it receives a `Request`). Default `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  /** Advanced: a `Transport` from `@lpkit/core` to send with instead of `fetch`. */
  transport?: Transport | undefined;
  /** Allow plain `http://` for a host that is not literal loopback. Only `true` / `false`. */
  allowInsecureHttp?: boolean | undefined;
  /** The clock (ms since the epoch), for `Retry-After` dates. Default `Date.now`. */
  now?: Now | undefined;
  /** Waits between retries. Default: a timer. */
  sleep?: Sleep | undefined;
  /** Largest answer read into memory, in bytes. Default 65 536 (a ConsumerJWS answer is about 1 KB). */
  maxResponseBytes?: number | undefined;
}

/**
 * Per-call options of {@link IdpClient.createConsumerJws}.
 *
 * @example
 * ```ts
 * await idp.createConsumerJws("user-42", { signal: AbortSignal.timeout(5_000) });
 * ```
 */
export interface CreateConsumerJwsOptions {
  /** Ends the call (and its retries) with an `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Time limit of one attempt, overriding the client's. */
  timeoutMs?: number | undefined;
}

/**
 * The IdP client of one account; made by {@link createIdpClient}.
 *
 * @example
 * ```ts
 * const idp: IdpClient = createIdpClient({ baseUrl, accountId, auth: tokenManager });
 * const jws = await idp.createConsumerJws("user-42");
 * ```
 */
export interface IdpClient {
  /** A plain openapi-fetch client on the same host, for raw typed calls (no lpkit guarantees). */
  readonly raw: Client<paths>;
  readonly accountId: string;
  /**
   * A ConsumerJWS for `extConsumerId` (your channel's user id): POST `/api/account/{accountId}/consumer`,
   * expecting 201 `{ token }`. The token prints as `[REDACTED]`; it never expires, so cache it per
   * consumer (`@lpkit/auth`'s `createLivePersonConnector` does). Throws `InvalidArgumentError` before
   * sending, `ConsumerJwsRequestError` for a failure status or a redirect (never followed),
   * `UnexpectedResponseError` for a success without a decodable token, `NetworkError`, `TimeoutError`,
   * `AbortError`.
   */
  createConsumerJws(extConsumerId: string, options?: CreateConsumerJwsOptions): Promise<ConsumerJws>;
}
