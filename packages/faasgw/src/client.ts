/**
 * `createFaasClient`: the typed faasGW client. URLs are built from the generated `paths` of
 * `specs/faasgw.yaml` with openapi-fetch's serialisers (compiled once per lambda or event), the body
 * is serialised once, and every attempt is one core `exchange` (bounded, any status — 901 included —
 * redirects never followed) under faasGW's retry rule; a 401 is answered by one replay when `auth`
 * is an authenticator that can `invalidate`.
 *
 * @module
 */
import { GatewayError, InvalidArgumentError, UnexpectedResponseError } from "@lpkit/core";
import {
  assertEventId,
  assertUuid,
  assertWellFormed,
  describeRedirect,
  newRequestId,
  operationUrl,
  optionalBoolean,
  optionalDuration,
  parseRetryAfter,
  redactSnippet,
  withRetry,
} from "@lpkit/core/internal";
import { type AttemptResult, attempt, type Call, secretsOf } from "./attempt.js";
import { resolveFaasOptions } from "./client-options.js";
import { toFaasError } from "./error-body.js";
import type { paths } from "./generated/faasgw.js";
import { buildInvocationBody } from "./invocation-body.js";
import { createInvokeUrls } from "./invoke-urls.js";
import { type FaasRetryPolicy, retryDelay } from "./retry.js";
import type {
  FaasClient,
  FaasClientOptions,
  InvokeOptions,
  InvokeResponse,
  IsImplementedOptions,
} from "./types.js";

export { DEFAULT_SOURCE, FAAS_DEFAULT_TIMEOUT_MS } from "./client-options.js";

const IS_IMPLEMENTED_PATH = "/api/account/{accountId}/events/{eventId}/isImplemented";
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
const CONTROL_CHARACTERS = /[\x00-\x1F\x7F]/;

function assertQueryText(value: unknown, name: string, emptyAllowed: boolean): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (
    typeof value !== "string" ||
    (value === "" && !emptyAllowed) ||
    value.length > 256 ||
    CONTROL_CHARACTERS.test(value)
  ) {
    throw new InvalidArgumentError(
      name,
      `expected ${emptyAllowed ? "0" : "1"}-256 characters without control characters`,
    );
  }
  return assertWellFormed(value, name);
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
  const settings = resolveFaasOptions(options);
  const { baseUrl, accountId, convention, source, policy } = settings;
  const v1 = convention === "v1";

  const query = (userId: string | undefined, skillId: string | undefined) =>
    v1 ? { v: "1" as const, externalSystem: source, userId, skillId } : { userId, skillId };
  const invokeUrl = createInvokeUrls(baseUrl, accountId, query);

  const callHeaders = (base: Readonly<Record<string, string>>, requestId: string): Record<string, string> =>
    v1
      ? { ...base, "x-request-id": requestId }
      : { ...base, "x-request-id": requestId, "lp-eventsource": source };

  /** Runs attempts under the retry rule; a non-2xx answer becomes a FunctionError or GatewayError. */
  const run = (call: Call, callPolicy: FaasRetryPolicy): Promise<AttemptResult> =>
    withRetry(
      async () => {
        const result = await attempt(settings, call);
        const { answer } = result;
        if (answer.tooLarge) {
          throw new UnexpectedResponseError(
            `${call.what}: response body exceeds the ${settings.maxResponseBytes}-byte limit`,
            { status: answer.status, requestId: call.requestId },
          );
        }
        if (isSuccess(answer.status)) {
          return result;
        }
        const retryAfterMs = parseRetryAfter(answer.headers.get("retry-after"), settings.now());
        const redirect = describeRedirect(answer, call.url);
        if (redirect !== undefined) {
          // A followed redirect would re-send the payload elsewhere (or turn the POST into a GET).
          throw new GatewayError(`${call.what} ${redirect}`, {
            status: answer.status,
            requestId: call.requestId,
            retryAfterMs,
          });
        }
        throw toFaasError({
          what: call.what,
          status: answer.status,
          text: answer.text,
          requestId: call.requestId,
          retryAfterMs,
          secrets: secretsOf(settings, result),
        });
      },
      {
        maxRetries: callPolicy.maxRetries,
        delayFor: (error, retriesSoFar) => retryDelay(error, retriesSoFar, callPolicy),
        sleep: settings.sleep,
        signal: call.signal,
      },
    );

  const parseJson = (call: Call, result: AttemptResult): unknown => {
    const { answer } = result;
    if (answer.text.trim() === "") {
      return undefined;
    }
    try {
      return JSON.parse(answer.text) as unknown;
    } catch {
      throw new UnexpectedResponseError(`${call.what}: the answer (status ${answer.status}) is not JSON`, {
        status: answer.status,
        requestId: call.requestId,
        bodySnippet: redactSnippet(answer.text, secretsOf(settings, result)),
      });
    }
  };

  /** `invoke` and `invokeEvent`: one body, two paths. */
  const invokeAt = async <TResult>(
    kind: "lambda" | "event",
    id: string,
    payload: unknown,
    invokeOptions: InvokeOptions | undefined,
  ): Promise<InvokeResponse<TResult>> => {
    const opts = invokeOptions ?? {};
    const userId = assertQueryText(opts.userId, "userId", false);
    const skillId = assertQueryText(opts.skillId, "skillId", true);
    const timeoutMs = optionalDuration(opts.timeoutMs, "timeoutMs", settings.timeoutMs);
    const idempotent = optionalBoolean(opts.idempotent, "idempotent");
    const { json } = buildInvocationBody(payload, opts, settings.now, settings.maxRequestBytes);
    const requestId = newRequestId();
    const call: Call = {
      what: `faasGW invoke of ${kind} ${id}`,
      method: "POST",
      url: invokeUrl(kind, id, userId, skillId),
      headers: callHeaders(settings.postHeaders, requestId),
      body: json,
      requestId,
      timeoutMs,
      signal: opts.signal,
    };
    // An invocation runs customer code: retried after sending only when the caller declared it idempotent.
    const result = await run(call, idempotent === undefined ? policy : { ...policy, idempotent });
    return { data: parseJson(call, result) as TResult, status: result.answer.status, requestId };
  };

  return {
    raw: settings.raw,
    convention,

    async invoke<TResult = unknown>(lambdaUuid: string, payload: unknown, invokeOptions?: InvokeOptions) {
      assertUuid(lambdaUuid, "lambdaUuid");
      return invokeAt<TResult>("lambda", lambdaUuid, payload, invokeOptions);
    },

    async invokeEvent<TResult = unknown>(eventId: string, payload: unknown, invokeOptions?: InvokeOptions) {
      assertEventId(eventId, "eventId");
      return invokeAt<TResult>("event", eventId, payload, invokeOptions);
    },

    async isImplemented(eventId: string, checkOptions?: IsImplementedOptions) {
      assertEventId(eventId, "eventId");
      const opts = checkOptions ?? {};
      const userId = assertQueryText(opts.userId, "userId", false);
      const skillId = assertQueryText(opts.skillId, "skillId", true);
      const requestId = newRequestId();
      const call: Call = {
        what: `faasGW isImplemented of event ${eventId}`,
        method: "GET",
        url: operationUrl<paths, "get", typeof IS_IMPLEMENTED_PATH>(baseUrl, IS_IMPLEMENTED_PATH, {
          path: { accountId, eventId },
          query: query(userId, skillId),
        }),
        headers: callHeaders(settings.getHeaders, requestId),
        body: undefined,
        requestId,
        timeoutMs: settings.timeoutMs,
        signal: opts.signal,
      };
      // A GET that runs no function: safe to send again after a timeout, a reset, 408 or 5xx.
      const result = await run(call, { ...policy, idempotent: true });
      const body = parseJson(call, result);
      if (
        typeof body !== "object" ||
        body === null ||
        typeof (body as { implemented?: unknown }).implemented !== "boolean"
      ) {
        throw new UnexpectedResponseError(`${call.what}: expected {"implemented": boolean}`, {
          status: result.answer.status,
          requestId,
          bodySnippet: redactSnippet(result.answer.text, secretsOf(settings, result)),
        });
      }
      return (body as { implemented: boolean }).implemented;
    },
  };
}
