/**
 * `createFaasClient`: the typed faasGW client. Requests are built and sent through openapi-fetch (so
 * paths, parameters and bodies are checked against `specs/faasgw.yaml` and middleware applies), while
 * lpkit reads each answer itself: bounded, robust to the non-standard status 901, and mapped to typed
 * errors.
 *
 * @module
 */
import {
  assertAccountId,
  assertDuration,
  assertEventId,
  assertUuid,
  DEFAULT_MAX_BODY_BYTES,
  type FetchLike,
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
} from "@lpkit/core";
import createClient, { type Middleware } from "openapi-fetch";
import { toAuthorizer } from "./auth.js";
import { resolveConvention } from "./convention.js";
import { toFaasError } from "./error-body.js";
import type { paths } from "./generated/faasgw.js";
import {
  buildInvocationBody,
  DEFAULT_MAX_REQUEST_BYTES,
  type SerializedInvocation,
} from "./invocation-body.js";
import { defaultSleep, toRetryPolicy, withRetry } from "./retry.js";
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
    return new Headers(value as HeadersInit);
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
  const authorize = toAuthorizer(options.auth);
  const userMiddleware = toMiddlewares(options.middleware);
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
  const baseFetch: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
  const now: Now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;

  const raw = createClient<paths>({ baseUrl, fetch: baseFetch, headers: toHeaders(options.headers) });

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
  const middlewares: Middleware[] = [capture];
  if (authorize) {
    middlewares.push({
      async onRequest({ request }) {
        request.headers.set("Authorization", await authorize({ signal: request.signal }));
        return request;
      },
    });
  }
  raw.use(...middlewares, ...userMiddleware);

  const v1 = convention === "v1";
  const eventSourceHeader = v1 ? {} : { "LP-EventSource": source };

  function query(userId: string | undefined, skillId: string | undefined) {
    return v1 ? { v: "1" as const, externalSystem: source, userId, skillId } : { userId, skillId };
  }

  /** Sends one attempt through openapi-fetch and reads the answer, bounded, within the deadline. */
  async function attempt(
    what: string,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    send: (init: AttemptInit) => Promise<RawResult>,
  ): Promise<Answer> {
    const deadline = startDeadline(timeoutMs, signal);
    const slot: Slot = { secrets: [] };
    const fetchForCall: FetchLike = async (request) => {
      pending.set(request, slot);
      const authorization = request.headers.get("authorization");
      if (authorization) {
        slot.secrets.push(authorization, authorization.replace(/^\S+\s+/, ""));
      }
      try {
        return await baseFetch(request);
      } catch (error) {
        throw deadline.toError(error, what);
      }
    };
    try {
      let result: RawResult;
      try {
        result = await send({ fetch: fetchForCall, signal: deadline.signal, parseAs: "text" });
      } catch (error) {
        // Errors of middleware and auth hooks pass through unchanged unless the deadline ended them.
        if (error instanceof LpkitError || !deadline.signal.aborted) {
          throw error;
        }
        throw deadline.toError(error, what);
      }
      const response = slot.response ?? result.response;
      let text: string;
      if (slot.response) {
        try {
          text = await readBoundedText(response, maxResponseBytes);
        } catch (error) {
          throw deadline.toError(error, what);
        }
      } else {
        text = textOf(result);
      }
      return { status: response.status, headers: response.headers, text, secrets: slot.secrets };
    } finally {
      deadline.clear();
    }
  }

  /** Runs attempts under the retry policy; a non-2xx answer becomes a FunctionError or GatewayError. */
  function exchange(
    what: string,
    requestId: string,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    send: (init: AttemptInit) => Promise<RawResult>,
  ): Promise<Answer> {
    return withRetry(
      async () => {
        const answer = await attempt(what, timeoutMs, signal, send);
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
      policy,
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
    const serialized: SerializedInvocation = buildInvocationBody(payload, opts, now, maxRequestBytes);
    return { userId, skillId, timeoutMs, serialized, signal: opts.signal };
  }

  async function finishInvoke<TResult>(
    what: string,
    requestId: string,
    answer: Answer,
  ): Promise<InvokeResponse<TResult>> {
    return { data: parseJson(what, answer, requestId) as TResult, status: answer.status, requestId };
  }

  return {
    raw,
    convention,

    async invoke<TResult = unknown>(lambdaUuid: string, payload: unknown, invokeOptions?: InvokeOptions) {
      assertUuid(lambdaUuid, "lambdaUuid");
      const { userId, skillId, timeoutMs, serialized, signal } = prepareInvoke(payload, invokeOptions);
      const requestId = newRequestId();
      const what = `faasGW invoke of lambda ${lambdaUuid}`;
      const answer = await exchange(what, requestId, timeoutMs, signal, (init) =>
        raw.POST("/api/account/{accountId}/lambdas/{lambdaUuid}/invoke", {
          ...init,
          params: {
            path: { accountId, lambdaUuid },
            query: query(userId, skillId),
            header: { "X-Request-Id": requestId, ...eventSourceHeader },
          },
          headers: { Accept: "application/json" },
          body: serialized.body,
          bodySerializer: () => serialized.json,
        }),
      );
      return finishInvoke<TResult>(what, requestId, answer);
    },

    async invokeEvent<TResult = unknown>(eventId: string, payload: unknown, invokeOptions?: InvokeOptions) {
      assertEventId(eventId, "eventId");
      const { userId, skillId, timeoutMs, serialized, signal } = prepareInvoke(payload, invokeOptions);
      const requestId = newRequestId();
      const what = `faasGW invoke of event ${eventId}`;
      const answer = await exchange(what, requestId, timeoutMs, signal, (init) =>
        raw.POST("/api/account/{accountId}/events/{eventId}/invoke", {
          ...init,
          params: {
            path: { accountId, eventId },
            query: query(userId, skillId),
            header: { "X-Request-Id": requestId, ...eventSourceHeader },
          },
          headers: { Accept: "application/json" },
          body: serialized.body,
          bodySerializer: () => serialized.json,
        }),
      );
      return finishInvoke<TResult>(what, requestId, answer);
    },

    async isImplemented(eventId: string, checkOptions?: IsImplementedOptions) {
      assertEventId(eventId, "eventId");
      const opts = checkOptions ?? {};
      const userId = assertOptionalText(opts.userId, "userId");
      const skillId = assertOptionalText(opts.skillId, "skillId");
      const requestId = newRequestId();
      const what = `faasGW isImplemented of event ${eventId}`;
      const answer = await exchange(what, requestId, defaultTimeoutMs, opts.signal, (init) =>
        raw.GET("/api/account/{accountId}/events/{eventId}/isImplemented", {
          ...init,
          params: {
            path: { accountId, eventId },
            query: query(userId, skillId),
            header: { "X-Request-Id": requestId, ...eventSourceHeader },
          },
          headers: { Accept: "application/json" },
        }),
      );
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
