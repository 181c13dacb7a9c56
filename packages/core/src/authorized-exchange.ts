/**
 * One authorized attempt, within one deadline: ask the {@link Authenticator} for the header value →
 * {@link exchange} → when the answer rejects the credential, the core 401-replay rule
 * ({@link replayAuthorization}) → at most one replay with the new value and the same body. A client
 * that needs nothing else (the Connector API's IdP and Send API clients) builds its attempts on
 * this. Exported from `@lpkit/core/internal`.
 *
 * @module
 */
import { type Authenticator, replayAuthorization } from "./authenticator.js";
import { abortedBy, type Deadline, startDeadline } from "./deadline.js";
import { AbortError, LpkitError } from "./errors.js";
import { type Answer, exchange, type HttpRequest } from "./exchange.js";
import type { Transport } from "./transport.js";

/**
 * Settings of one {@link authorizedExchange}.
 *
 * @example
 * ```ts
 * const options: AuthorizedExchangeOptions = { auth, header: "authorization", transport, timeoutMs: 10_000, maxBodyBytes: 1 << 16, what: "IdP ConsumerJWS request" };
 * ```
 */
export interface AuthorizedExchangeOptions {
  readonly auth: Authenticator;
  /** The lower-case header the value goes into, e.g. `authorization`. */
  readonly header: string;
  readonly transport: Transport;
  /** One deadline for authorizing, sending, and the replay, in ms; `0` disables it. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly maxBodyBytes: number;
  /** Names the call in error messages. */
  readonly what: string;
  /** Whether `answer` rejects the credential, so one replay with a new one may help. Default: HTTP 401. */
  readonly rejectsCredential?: ((answer: Answer) => boolean) | undefined;
}

/**
 * What {@link authorizedExchange} returns: the last answer (any status) and every header value it
 * sent — secrets an error built from the answer must never echo.
 *
 * @example
 * ```ts
 * const { answer, sent } = await authorizedExchange(request, options);
 * redactSnippet(answer.text, sent);
 * ```
 */
export interface AuthorizedAnswer {
  readonly answer: Answer;
  readonly sent: readonly string[];
  /** Whether the request was sent a second time with a renewed credential. */
  readonly replayed: boolean;
}

/**
 * What an authenticator threw, passed on unchanged unless the deadline ended it: a source that gave
 * up because the attempt's signal fired is reported as what ended it — the timeout, or the abort.
 */
function authError(error: unknown, deadline: Deadline, what: string): unknown {
  if (deadline.signal.aborted && (!(error instanceof LpkitError) || error instanceof AbortError)) {
    return abortedBy(deadline.signal, what);
  }
  return error;
}

function sendWith(
  request: HttpRequest,
  value: string,
  options: AuthorizedExchangeOptions,
  deadline: Deadline,
): Promise<Answer> {
  if (deadline.signal.aborted) {
    // Ended while authorizing: nothing is sent.
    return Promise.reject(abortedBy(deadline.signal, options.what));
  }
  request.headers[options.header] = value;
  return exchange(request, {
    transport: options.transport,
    timeoutMs: 0, // the attempt's deadline is the limit
    signal: deadline.signal,
    maxBodyBytes: options.maxBodyBytes,
    what: options.what,
  });
}

/**
 * Sends `request` with the authenticator's value in `options.header`, replaying once after an answer
 * that rejects the credential when the authenticator can `invalidate` and yields a new value.
 * Rejects with `TimeoutError`, `AbortError`, `NetworkError`, or what the authenticator threw.
 *
 * @example
 * ```ts
 * const { answer } = await authorizedExchange(
 *   { method: "POST", url, headers: { "content-type": "application/json" }, body },
 *   { auth, header: "authorization", transport, timeoutMs: 10_000, maxBodyBytes: 1 << 16, what: "IdP ConsumerJWS request" },
 * );
 * ```
 */
export async function authorizedExchange(
  request: HttpRequest,
  options: AuthorizedExchangeOptions,
): Promise<AuthorizedAnswer> {
  const deadline = startDeadline(options.timeoutMs, options.signal);
  try {
    let value: string;
    try {
      value = await options.auth.authorization({ signal: deadline.signal });
    } catch (error) {
      throw authError(error, deadline, options.what);
    }
    const answer = await sendWith(request, value, options, deadline);
    const rejects = options.rejectsCredential ?? ((a: Answer) => a.status === 401);
    if (!rejects(answer)) {
      return { answer, sent: [value], replayed: false };
    }
    let fresh: string | undefined;
    try {
      // The one replay rule: invalidate the rejected value, replay only with a different one.
      fresh = await replayAuthorization(options.auth, 401, value, deadline.signal);
    } catch (error) {
      throw authError(error, deadline, options.what);
    }
    if (fresh === undefined) {
      return { answer, sent: [value], replayed: false };
    }
    return {
      answer: await sendWith(request, fresh, options, deadline),
      sent: [value, fresh],
      replayed: true,
    };
  } finally {
    deadline.clear();
  }
}
