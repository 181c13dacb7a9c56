/**
 * The transport seam: the narrow interface through which every lpkit client sends its requests,
 * and its default, {@link fetchTransport}, on web-standard `fetch`. A transport carries exactly what
 * lpkit needs — method, absolute URL, lower-case headers, a text body, a signal and a body bound in;
 * status, headers and the bounded body text out — so a fast transport (e.g. one on undici's `Pool`)
 * can plug in without building WHATWG `Response`s, and any status (faasGW's 901) passes.
 *
 * `Transport`, `TransportRequest`, `TransportResponse`, `FetchLike` and `fetchTransport` are
 * exported from `@lpkit/core`.
 *
 * @module
 */

/**
 * The `fetch` lpkit calls when you inject one: it receives a `Request`. `globalThis.fetch` fits;
 * tests pass a function returning a `Response`.
 *
 * @example
 * ```ts
 * const logged: FetchLike = async (request) => {
 *   console.log(request.method, new URL(request.url).pathname);
 *   return fetch(request);
 * };
 * ```
 */
export type FetchLike = (input: Request) => Promise<Response>;

/**
 * Anything `new Headers(…)` accepts. Named through the constructor so the type resolves both with the
 * DOM library and in a plain Node project (`@types/node` has no global `HeadersInit`).
 *
 * @example
 * ```ts
 * const headers: HeadersLike = { "User-Agent": "my-app/1.0" };
 * ```
 */
export type HeadersLike = ConstructorParameters<typeof Headers>[0];

/**
 * Milliseconds since the epoch; inject one in tests to control time.
 *
 * @example
 * ```ts
 * const now: Now = () => Date.parse("2030-01-01T00:00:00Z");
 * ```
 */
export type Now = () => number;

/** Default time limit for a single HTTP request made by lpkit, in ms. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Default bound on a response body lpkit reads into memory (4 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * One request, as a transport receives it.
 *
 * @example
 * ```ts
 * const request: TransportRequest = {
 *   method: "GET", url: "https://api.liveperson.net/api/account/1/service/baseURI.json?version=1.0",
 *   headers: { accept: "application/json" }, signal: AbortSignal.timeout(5_000), maxBodyBytes: 1 << 20,
 * };
 * ```
 */
export interface TransportRequest {
  readonly method: string;
  /** The absolute URL. */
  readonly url: string;
  /** Header names are lower-case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
  /** Ends the request (headers and body) when it aborts; the transport must stop waiting then. */
  readonly signal: AbortSignal;
  /** Largest body to read into memory; a larger one is reported as `body: undefined`. */
  readonly maxBodyBytes: number;
}

/**
 * One answer, as a transport returns it. Redirects are never followed: a 3xx comes back as is.
 *
 * @example
 * ```ts
 * const response: TransportResponse = { status: 901, statusText: "", headers: new Headers(), body: "{}" };
 * ```
 */
export interface TransportResponse {
  /** Any integer: faasGW's 901 passes; 0 is a browser's opaque redirect. */
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  /** The body text, or `undefined` when it is larger than `maxBodyBytes` (and was not read whole). */
  readonly body: string | undefined;
}

/**
 * Sends requests for lpkit's clients. Rejects only when no answer arrived (network failure, or the
 * signal aborted — then with the signal's reason); every HTTP answer resolves.
 *
 * @example
 * ```ts
 * const counting: Transport = {
 *   sent: 0,
 *   send(request) {
 *     this.sent++;
 *     return fetchTransport().send(request);
 *   },
 * } as Transport & { sent: number };
 * createFaasClient({ baseUrl, accountId, transport: counting });
 * ```
 */
export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
}

export { fetchTransport } from "./fetch-transport.js";
