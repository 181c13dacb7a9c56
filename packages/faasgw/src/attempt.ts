/**
 * One attempt of a faasGW call, within one deadline: authorize → send → (after a 401, by the core
 * 401-replay rule) at most one replay with a new value and the same serialised body.
 *
 * @module
 */
import { AbortError, LpkitError } from "@lpkit/core";
import {
  type Answer,
  AUTHORIZE_WITHIN,
  abortedBy,
  type Deadline,
  exchange,
  hasAuthorizeWithin,
  replayAuthorization,
  startDeadline,
} from "@lpkit/core/internal";
import type { FaasSettings } from "./client-options.js";

/** One call of the client, ready to send (and send again on a retry or a replay). */
export interface Call {
  /** Names the call in messages, e.g. `faasGW invoke of lambda 3fa8…`. */
  readonly what: string;
  readonly method: "GET" | "POST";
  readonly url: string;
  /** Lower-case names; `authorization` is set per attempt. */
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly requestId: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
}

/** An answer and the `Authorization` values sent for it (never to be echoed). */
export interface AttemptResult {
  readonly answer: Answer;
  readonly authorizations: readonly string[];
}

/**
 * The values an error about `result` must never echo: the client-wide `Authorization` (and its
 * credentials part), and each value sent in the attempt with its credentials part. Worked out only
 * when an error needs them.
 *
 * @example
 * ```ts
 * redactSnippet(answer.text, secretsOf(settings, result));
 * ```
 */
export function secretsOf(settings: FaasSettings, result: AttemptResult): string[] {
  const secrets = [...settings.headerSecrets];
  for (const value of result.authorizations) {
    secrets.push(value, value.replace(/^\S+\s+/, ""));
  }
  return secrets;
}

/**
 * What an auth hook threw, passed on unchanged unless the deadline ended it: a hook that gave up
 * because the attempt's signal fired (e.g. a token manager's wait, which reports an AbortError) is
 * reported as what ended it — the timeout, or the caller's abort.
 */
function hookError(error: unknown, deadline: Deadline, what: string): unknown {
  if (deadline.aborted && (!(error instanceof LpkitError) || error instanceof AbortError)) {
    return abortedBy(deadline, what);
  }
  return error;
}

/** What an auth hook receives: the attempt's signal, made only if the hook reads it. */
function authContext(deadline: Deadline): { readonly signal: AbortSignal } {
  return {
    get signal() {
      return deadline.signal;
    },
  };
}

async function authorize(
  settings: FaasSettings,
  deadline: Deadline,
  call: Call,
  authorizations: string[],
): Promise<string | undefined> {
  if (settings.auth === undefined) {
    return undefined;
  }
  try {
    const { auth } = settings;
    const value = hasAuthorizeWithin(auth)
      ? await auth[AUTHORIZE_WITHIN](deadline)
      : await auth.authorization(authContext(deadline));
    authorizations.push(value);
    return value;
  } catch (error) {
    throw hookError(error, deadline, call.what);
  }
}

function send(
  settings: FaasSettings,
  call: Call,
  authorization: string | undefined,
  deadline: Deadline,
): Promise<Answer> {
  if (deadline.aborted) {
    // Ended while authorizing: nothing is sent.
    return Promise.reject(abortedBy(deadline, call.what));
  }
  if (authorization !== undefined) {
    call.headers.authorization = authorization;
  }
  return exchange(call, {
    transport: settings.transport,
    timeoutMs: 0, // the attempt's deadline is the limit
    deadline,
    maxBodyBytes: settings.maxResponseBytes,
    what: call.what,
  });
}

/**
 * Runs one attempt of `call` and returns its answer (any status).
 *
 * @example
 * ```ts
 * const { answer, authorizations } = await attempt(settings, call);
 * ```
 */
export async function attempt(settings: FaasSettings, call: Call): Promise<AttemptResult> {
  const deadline = startDeadline(call.timeoutMs, call.signal);
  const authorizations: string[] = [];
  try {
    const authorization = await authorize(settings, deadline, call, authorizations);
    const answer = await send(settings, call, authorization, deadline);
    if (answer.status !== 401 || authorization === undefined || settings.auth === undefined) {
      return { answer, authorizations };
    }
    let fresh: string | undefined;
    try {
      fresh = await replayAuthorization(settings.auth, answer.status, authorization, deadline.signal);
    } catch (error) {
      throw hookError(error, deadline, call.what);
    }
    if (fresh === undefined) {
      return { answer, authorizations };
    }
    authorizations.push(fresh);
    return { answer: await send(settings, call, fresh, deadline), authorizations };
  } finally {
    deadline.clear();
  }
}
