/**
 * `createFaasClient`: the typed faasGW client. Paths, parameters and bodies are typed from
 * `specs/faasgw.yaml`. With user middleware, requests go through openapi-fetch (so middleware
 * applies); without, they are sent straight to `fetch` with the already-serialised body (the fast
 * path: no `Request` at all when no `fetch` was injected). Either way lpkit reads each answer itself:
 * bounded, robust to the non-standard status 901, and mapped to typed errors. A 401 is answered by one
 * replay with a new token when `auth` is an authenticator that can `invalidate`.
 *
 * @module
 */
import {
  AbortError,
  assertAccountId,
  assertDuration,
  assertEventId,
  assertUuid,
  DEFAULT_MAX_BODY_BYTES,
  type Deadline,
  type FetchLike,
  type HeadersLike,
  InvalidArgumentError,
  LpkitError,
  type Now,
  newRequestId,
  parseRetryAfter,
  readBoundedText,
  redact,
  snippet,
  startDeadline,
  toBaseUrl,
  UnexpectedResponseError,
  untilAborted,
} from "@lpkit/core";
import createClient, { type Middleware } from "openapi-fetch";
import { toAuthenticator } from "./auth.js";
import { resolveConvention } from "./convention.js";
import { toFaasError } from "./error-body.js";
import type { paths } from "./generated/faasgw.js";
import {
  buildInvocationBody,
  DEFAULT_MAX_REQUEST_BYTES,
  type SerializedInvocation,
} from "./invocation-body.js";
import { buildUrl } from "./request-url.js";
import { assertIdempotent, defaultSleep, type RetryPolicy, toRetryPolicy, withRetry } from "./retry.js";
import type {
  Convention,
  FaasClient,
  FaasClientOptions,
  InvokeOptions,
  InvokeResponse,
  IsImplementedOptions,
} from "./types.js";

/**
 * Default time limit per HTTP attempt: functions may run for 30 s, plus gateway overhead.
 *
 * @example
 * ```ts
 * createFaasClient({ baseUrl, accountId, timeoutMs: FAAS_DEFAULT_TIMEOUT_MS / 2 });
 * ```
 */
export const FAAS_DEFAULT_TIMEOUT_MS = 35_000;
/**
 * Default `source` (V1 `externalSystem` query, V2 `LP-EventSource` header).
 *
 * @example
 * ```ts
 * createFaasClient({ baseUrl, accountId }).invoke(uuid, {}); // sends externalSystem=lpkit on V1
 * ```
 */
export const DEFAULT_SOURCE = "lpkit";

const SOURCE_PATTERN = /^[\x21-\x7E]{1,128}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
const CONTROL_CHARACTERS = /[\x00-\x1F\x7F]/;

/** One answer as lpkit read it. */
interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** Authorization header values sent with the request; never to be echoed. */
  secrets: string[];
}

/** What lpkit hands openapi-fetch for one attempt. */
interface AttemptInit {
  fetch: FetchLike;
  signal: AbortSignal;
  parseAs: "text";
  /** The call's own headers (`Accept`, and `Authorization` when `auth` is set). */
  headers: Record<string, string>;
}

/** One call of the client, ready to be sent either way (straight to `fetch`, or through openapi-fetch). */
interface Call {
  what: string;
  method: "GET" | "POST";
  /** The full URL (used when sending straight to `fetch`). */
  url: string;
  /** Per-call headers (`X-Request-Id`, `LP-EventSource`), lower-case names. */
  headers: Record<string, string>;
  /** The serialised JSON body, if any. */
  body: string | undefined;
  /** Sends the call through openapi-fetch (used when the user registered middleware). */
  viaOpenapiFetch: (init: AttemptInit) => Promise<RawResult>;
}

/** The subset of an openapi-fetch result lpkit needs. */
interface RawResult {
  response: Response;
  data?: unknown;
  error?: unknown;
}

/** Where the capture middleware leaves the real response of one attempt. */
interface Slot {
  response?: Response;
  secrets: string[];
  /**
   * The requests of this attempt, held strongly until it ends: `fetch` follows a request's signal
   * only through a weak reference, so a request collected mid-flight would stop the deadline from
   * reaching it.
   */
  requests: Request[];
}

function assertOptionalText(value: unknown, name: string): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== "string" || value === "" || value.length > 256 || CONTROL_CHARACTERS.test(value)) {
    throw new InvalidArgumentError(name, "expected 1-256 characters without control characters");
  }
  return value;
}

function assertSource(value: unknown): string {
  if (value === undefined) {
    return DEFAULT_SOURCE;
  }
  if (typeof value !== "string" || !SOURCE_PATTERN.test(value)) {
    throw new InvalidArgumentError("source", "expected 1-128 visible ASCII characters (no spaces)");
  }
  return value;
}

function assertByteLimit(value: unknown, name: string, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError(name, "expected a positive integer number of bytes");
  }
  return value;
}

function toMiddlewares(value: unknown): Middleware[] {
  if (value === undefined) {
    return [];
  }
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.map((m, index) => {
    if (typeof m !== "object" || m === null || !("onRequest" in m || "onResponse" in m || "onError" in m)) {
      throw new InvalidArgumentError("middleware", `entry ${index} is not an openapi-fetch middleware`);
    }
    return m as Middleware;
  });
}

function toHeaders(value: unknown): Headers | undefined {
  if (value === undefined) {
    return undefined;
  }
  try {
    return new Headers(value as HeadersLike);
  } catch {
    throw new InvalidArgumentError(
      "headers",
      "expected a HeadersInit (record, [name, value] pairs or Headers)",
    );
  }
}

/** The body of a response openapi-fetch already read (only when a middleware answered without fetching). */
function textOf(result: RawResult): string {
  const value = "data" in result && result.data !== undefined ? result.data : result.error;
  if (value === undefined || value === null) {
    return "";
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSuccess(status: number): boolean {
  return status >= 200 && status <= 299;
}

/**
 * Creates a faasGW client for one account. Bad options throw {@link InvalidArgumentError} here;
 * bad arguments to the calls throw it before any request.
 *
 * @example
 * ```ts
 * import { createDomainClient } from "@lpkit/domain";
 * import { createFaasClient } from "@lpkit/faasgw";
 *
 * const accountId = "12345678";
 * const host = await createDomainClient().getServiceHost(accountId, "faasGW");
 * const faas = createFaasClient({ baseUrl: host, accountId, auth: `Bearer ${accessToken}` });
 * const { data } = await faas.invoke<{ greeting: string }>("3fa85f64-5717-4562-b3fc-2c963f66afa6", { name: "Jane" });
 * ```
 */
export function createFaasClient(options: FaasClientOptions): FaasClient {
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError("options", "expected { baseUrl, accountId, … }");
  }
  const baseUrl = toBaseUrl(options.baseUrl, "baseUrl", { allowInsecureHttp: options.allowInsecureHttp });
  const accountId = assertAccountId(options.accountId);
  const convention: Convention = resolveConvention(options.convention, baseUrl);
  const auth = toAuthenticator(options.auth);
  const userMiddleware = toMiddlewares(options.middleware);
  // Without user middleware nothing needs openapi-fetch's request pipeline: send straight to fetch.
  const direct = userMiddleware.length === 0;
  const source = assertSource(options.source);
  const defaultTimeoutMs = assertDuration(options.timeoutMs ?? FAAS_DEFAULT_TIMEOUT_MS, "timeoutMs");
  const policy = toRetryPolicy(options.retry);
  const maxRequestBytes = assertByteLimit(
    options.maxRequestBytes,
    "maxRequestBytes",
    DEFAULT_MAX_REQUEST_BYTES,
  );
  const maxResponseBytes = assertByteLimit(
    options.maxResponseBytes,
    "maxResponseBytes",
    DEFAULT_MAX_BODY_BYTES,
  );
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new InvalidArgumentError("fetch", "expected a function");
  }
  if (options.now !== undefined && typeof options.now !== "function") {
    throw new InvalidArgumentError("now", "expected a function returning epoch milliseconds");
  }
  if (options.sleep !== undefined && typeof options.sleep !== "function") {
    throw new InvalidArgumentError("sleep", "expected a function");
  }
  const injectedFetch: FetchLike | undefined = options.fetch;
  const baseFetch: FetchLike = injectedFetch ?? ((request) => globalThis.fetch(request));
  const now: Now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const clientHeaders = toHeaders(options.headers);
  const urlBase = baseUrl.replace(/\/+$/, "");
  // The client-wide headers as lower-case pairs (Headers yields them so), merged per direct call the
  // way openapi-fetch merges: default Content-Type, then these, then the call's own.
  const clientHeaderPairs: [string, string][] = clientHeaders ? [...clientHeaders] : [];

  const raw = createClient<paths>({ baseUrl, fetch: baseFetch, headers: clientHeaders });

  // Requests sent by this client's own calls, mapped to the slot their answer goes to. `.raw` calls are
  // not in here and are left entirely to openapi-fetch.
  const pending = new WeakMap<Request, Slot>();
  const capture: Middleware = {
    // Registered first, so its onResponse runs last and sees the final response after user middleware.
    onResponse({ request, response }) {
      const slot = pending.get(request);
      if (!slot) {
        return undefined;
      }
      slot.response = response;
      // openapi-fetch would read the body unbounded (and a 901 response cannot be rebuilt with
      // `new Response`); hand it an empty stand-in and let lpkit read the real body, bounded.
      return new Response(null, { status: 204 });
    },
  };
  // The client's own calls carry `Authorization` as a per-call header (set in `attempt`); `.raw` calls
  // get it from this middleware. Own calls are recognised by their per-call params object.
  const ownParams = new WeakSet<object>();
  const middlewares: Middleware[] = [capture];
  if (auth) {
    middlewares.push({
      async onRequest({ request, params }) {
        if (ownParams.has(params)) {
          return undefined;
        }
        request.headers.set("Authorization", await auth.authorization({ signal: request.signal }));
        return request;
      },
    });
  }
  raw.use(...middlewares, ...userMiddleware);

  /** Remembers a params object as one of the client's own calls and returns it. */
  function own<T extends object>(params: T): T {
    ownParams.add(params);
    return params;
  }

  const v1 = convention === "v1";
  const eventSourceHeader = v1 ? {} : { "LP-EventSource": source };

  function query(userId: string | undefined, skillId: string | undefined) {
    return v1 ? { v: "1" as const, externalSystem: source, userId, skillId } : { userId, skillId };
  }

  /**
   * Maps what an auth hook threw: passed on unchanged unless the deadline ended it. A hook that gave
   * up because the attempt's signal fired (e.g. a token manager's wait, which reports an AbortError)
   * is reported as what ended it: the timeout, or the caller's abort.
   */
  function hookError(error: unknown, deadline: Deadline, what: string): unknown {
    if (deadline.signal.aborted && (!(error instanceof LpkitError) || error instanceof AbortError)) {
      return deadline.toError(undefined, what);
    }
    return error;
  }

  /** Reads a body bounded; the deadline covers it too, also when the stream does not follow the signal. */
  async function readBody(response: Response, deadline: Deadline, what: string): Promise<string> {
    try {
      return await untilAborted(readBoundedText(response, maxResponseBytes), deadline.signal);
    } catch (error) {
      throw deadline.toError(error, what);
    }
  }

  /** Sends to `fetch`, raced against the deadline: the attempt ends on time even if `fetch` ignores the signal. */
  async function fetchWithin(
    deadline: Deadline,
    what: string,
    send: () => Promise<Response>,
  ): Promise<Response> {
    try {
      return await untilAborted(send(), deadline.signal, (late) => {
        late.body?.cancel().catch(() => {});
      });
    } catch (error) {
      throw deadline.toError(error, what);
    }
  }

  /** Sends one HTTP request of an attempt and reads its answer, bounded, within the deadline. */
  async function sendOnce(
    call: Call,
    authorization: string | undefined,
    deadline: Deadline,
    secrets: string[],
    held: Request[],
  ): Promise<Answer> {
    if (deadline.signal.aborted) {
      // Ended while authorizing: nothing is sent.
      throw deadline.toError(undefined, call.what);
    }
    if (direct) {
      const headers: Record<string, string> =
        call.body === undefined ? {} : { "content-type": "application/json" };
      for (const [name, value] of clientHeaderPairs) {
        headers[name] = value;
      }
      headers.accept = "application/json";
      if (authorization !== undefined) {
        headers.authorization = authorization;
      }
      Object.assign(headers, call.headers);
      const sent = headers.authorization;
      if (sent !== undefined && sent !== authorization) {
        // A client-wide Authorization header: never to be echoed either.
        secrets.push(sent, sent.replace(/^\S+\s+/, ""));
      }
      const init: RequestInit = { method: call.method, headers, body: call.body, signal: deadline.signal };
      let response: Response;
      if (injectedFetch) {
        // The injection contract: an injected fetch receives a Request. Held until the attempt ends,
        // since fetch follows a request's signal only through a weak reference.
        const request = new Request(call.url, init);
        held.push(request);
        response = await fetchWithin(deadline, call.what, () => injectedFetch(request));
      } else {
        response = await fetchWithin(deadline, call.what, () => globalThis.fetch(call.url, init));
      }
      const text = await readBody(response, deadline, call.what);
      return { status: response.status, headers: response.headers, text, secrets };
    }

    const slot: Slot = { secrets, requests: held };
    const fetchForCall: FetchLike = async (request) => {
      pending.set(request, slot);
      slot.requests.push(request);
      const sent = request.headers.get("authorization");
      if (sent && sent !== authorization) {
        // Set or changed by user middleware: never to be echoed either.
        secrets.push(sent, sent.replace(/^\S+\s+/, ""));
      }
      return fetchWithin(deadline, call.what, () => baseFetch(request));
    };
    const ownHeaders: Record<string, string> = { Accept: "application/json" };
    if (authorization !== undefined) {
      ownHeaders.Authorization = authorization;
    }
    let result: RawResult;
    try {
      result = await call.viaOpenapiFetch({
        fetch: fetchForCall,
        signal: deadline.signal,
        parseAs: "text",
        headers: ownHeaders,
      });
    } catch (error) {
      // Errors of middleware pass through unchanged unless the deadline ended them.
      throw hookError(error, deadline, call.what);
    }
    if (slot.response) {
      const response = slot.response;
      const text = await readBody(response, deadline, call.what);
      return { status: response.status, headers: response.headers, text, secrets };
    }
    // A middleware answered without fetching; openapi-fetch already read that body.
    return {
      status: result.response.status,
      headers: result.response.headers,
      text: textOf(result),
      secrets,
    };
  }

  /** The `Authorization` value for one request of an attempt (remembered as a secret). */
  async function authorizationFor(
    deadline: Deadline,
    what: string,
    secrets: string[],
  ): Promise<string | undefined> {
    if (!auth) {
      return undefined;
    }
    let value: string;
    try {
      value = await auth.authorization({ signal: deadline.signal });
    } catch (error) {
      throw hookError(error, deadline, what);
    }
    secrets.push(value, value.replace(/^\S+\s+/, ""));
    return value;
  }

  /**
   * After a 401: drops the rejected value and asks for a new one. `undefined` when there is nothing
   * better to send (no new value, or getting one failed — then the 401 is passed on).
   */
  async function renewAfter401(
    rejected: string,
    deadline: Deadline,
    what: string,
    secrets: string[],
  ): Promise<string | undefined> {
    const invalidate = auth?.invalidate;
    if (!invalidate) {
      return undefined;
    }
    try {
      await invalidate(rejected);
      const fresh = await authorizationFor(deadline, what, secrets);
      return fresh === rejected ? undefined : fresh;
    } catch (error) {
      if (deadline.signal.aborted) {
        throw hookError(error, deadline, what);
      }
      return undefined;
    }
  }

  /**
   * One attempt, within one deadline: authorize, send, read. A 401 to an authenticator's token is
   * answered by at most one replay with a new token and the same serialised body.
   */
  async function attempt(call: Call, timeoutMs: number, signal: AbortSignal | undefined): Promise<Answer> {
    const deadline = startDeadline(timeoutMs, signal);
    const secrets: string[] = [];
    const held: Request[] = [];
    try {
      const authorization = await authorizationFor(deadline, call.what, secrets);
      const answer = await sendOnce(call, authorization, deadline, secrets, held);
      if (answer.status !== 401 || authorization === undefined) {
        return answer;
      }
      const fresh = await renewAfter401(authorization, deadline, call.what, secrets);
      return fresh === undefined ? answer : await sendOnce(call, fresh, deadline, secrets, held);
    } finally {
      deadline.clear();
      held.length = 0;
    }
  }

  /** Runs attempts under the retry policy; a non-2xx answer becomes a FunctionError or GatewayError. */
  function exchange(
    call: Call,
    requestId: string,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    callPolicy: RetryPolicy,
  ): Promise<Answer> {
    const what = call.what;
    return withRetry(
      async () => {
        const answer = await attempt(call, timeoutMs, signal);
        if (isSuccess(answer.status)) {
          return answer;
        }
        throw toFaasError({
          what,
          status: answer.status,
          text: answer.text,
          requestId,
          retryAfterMs: parseRetryAfter(answer.headers.get("retry-after"), now()),
          secrets: answer.secrets,
        });
      },
      callPolicy,
      sleep,
      signal,
    );
  }

  function parseJson(what: string, answer: Answer, requestId: string): unknown {
    if (answer.text.trim() === "") {
      return undefined;
    }
    try {
      return JSON.parse(answer.text) as unknown;
    } catch {
      throw new UnexpectedResponseError(`${what}: the answer (status ${answer.status}) is not JSON`, {
        status: answer.status,
        requestId,
        bodySnippet: snippet(redact(answer.text, answer.secrets)),
      });
    }
  }

  function prepareInvoke(payload: unknown, invokeOptions: InvokeOptions | undefined) {
    const opts = invokeOptions ?? {};
    const userId = assertOptionalText(opts.userId, "userId");
    const skillId = assertOptionalText(opts.skillId, "skillId");
    const timeoutMs =
      opts.timeoutMs === undefined ? defaultTimeoutMs : assertDuration(opts.timeoutMs, "timeoutMs");
    const idempotent = assertIdempotent(opts.idempotent, "idempotent");
    const serialized: SerializedInvocation = buildInvocationBody(payload, opts, now, maxRequestBytes);
    // An invocation runs customer code: retried after sending only when the caller declared it idempotent.
    const callPolicy: RetryPolicy = idempotent === undefined ? policy : { ...policy, idempotent };
    return { userId, skillId, timeoutMs, serialized, signal: opts.signal, callPolicy };
  }

  async function finishInvoke<TResult>(
    what: string,
    requestId: string,
    answer: Answer,
  ): Promise<InvokeResponse<TResult>> {
    return { data: parseJson(what, answer, requestId) as TResult, status: answer.status, requestId };
  }

  /** Per-call headers of the direct path (lower-case names, as a `Headers` would hold them). */
  function callHeaders(requestId: string): Record<string, string> {
    return v1 ? { "x-request-id": requestId } : { "x-request-id": requestId, "lp-eventsource": source };
  }

  /** Sends an invocation (of a lambda or of an event) and parses its result. */
  async function invokeCall<TResult>(
    call: Omit<Call, "method" | "body" | "headers">,
    requestId: string,
    prepared: ReturnType<typeof prepareInvoke>,
  ): Promise<InvokeResponse<TResult>> {
    const full: Call = {
      ...call,
      method: "POST",
      headers: callHeaders(requestId),
      body: prepared.serialized.json,
    };
    const answer = await exchange(full, requestId, prepared.timeoutMs, prepared.signal, prepared.callPolicy);
    return finishInvoke<TResult>(call.what, requestId, answer);
  }

  return {
    raw,
    convention,

    async invoke<TResult = unknown>(lambdaUuid: string, payload: unknown, invokeOptions?: InvokeOptions) {
      assertUuid(lambdaUuid, "lambdaUuid");
      const prepared = prepareInvoke(payload, invokeOptions);
      const { userId, skillId, serialized } = prepared;
      const requestId = newRequestId();
      const template = "/api/account/{accountId}/lambdas/{lambdaUuid}/invoke";
      const path = { accountId, lambdaUuid };
      const q = query(userId, skillId);
      return invokeCall<TResult>(
        {
          what: `faasGW invoke of lambda ${lambdaUuid}`,
          url: direct ? buildUrl("post", urlBase, template, path, q) : "",
          viaOpenapiFetch: (init) =>
            raw.POST(template, {
              ...init,
              params: own({ path, query: q, header: { "X-Request-Id": requestId, ...eventSourceHeader } }),
              body: serialized.body,
              bodySerializer: () => serialized.json,
            }),
        },
        requestId,
        prepared,
      );
    },

    async invokeEvent<TResult = unknown>(eventId: string, payload: unknown, invokeOptions?: InvokeOptions) {
      assertEventId(eventId, "eventId");
      const prepared = prepareInvoke(payload, invokeOptions);
      const { userId, skillId, serialized } = prepared;
      const requestId = newRequestId();
      const template = "/api/account/{accountId}/events/{eventId}/invoke";
      const path = { accountId, eventId };
      const q = query(userId, skillId);
      return invokeCall<TResult>(
        {
          what: `faasGW invoke of event ${eventId}`,
          url: direct ? buildUrl("post", urlBase, template, path, q) : "",
          viaOpenapiFetch: (init) =>
            raw.POST(template, {
              ...init,
              params: own({ path, query: q, header: { "X-Request-Id": requestId, ...eventSourceHeader } }),
              body: serialized.body,
              bodySerializer: () => serialized.json,
            }),
        },
        requestId,
        prepared,
      );
    },

    async isImplemented(eventId: string, checkOptions?: IsImplementedOptions) {
      assertEventId(eventId, "eventId");
      const opts = checkOptions ?? {};
      const userId = assertOptionalText(opts.userId, "userId");
      const skillId = assertOptionalText(opts.skillId, "skillId");
      const requestId = newRequestId();
      const what = `faasGW isImplemented of event ${eventId}`;
      const template = "/api/account/{accountId}/events/{eventId}/isImplemented";
      const path = { accountId, eventId };
      const q = query(userId, skillId);
      const call: Call = {
        what,
        method: "GET",
        url: direct ? buildUrl("get", urlBase, template, path, q) : "",
        headers: callHeaders(requestId),
        body: undefined,
        viaOpenapiFetch: (init) =>
          raw.GET(template, {
            ...init,
            params: own({ path, query: q, header: { "X-Request-Id": requestId, ...eventSourceHeader } }),
          }),
      };
      // A GET that runs no function: safe to send again after a timeout, a reset, 408 or 5xx.
      const readPolicy: RetryPolicy = { ...policy, idempotent: true };
      const answer = await exchange(call, requestId, defaultTimeoutMs, opts.signal, readPolicy);
      const body = parseJson(what, answer, requestId);
      if (!isRecord(body) || typeof body.implemented !== "boolean") {
        throw new UnexpectedResponseError(`${what}: expected {"implemented": boolean}`, {
          status: answer.status,
          requestId,
          bodySnippet: snippet(redact(answer.text, answer.secrets)),
        });
      }
      return body.implemented;
    },
  };
}
