/**
 * The lambdas the emulated gateway can run, and how it runs one: with a time limit, collecting
 * its log lines, and turning a throw, a runtime error or an overrun into a failure the gateway
 * reports as 901.
 *
 * @module
 */
import { onAbort } from "@lpkit/core/internal";
import { checkAccountId, checkEventId, checkUuid } from "./config.js";
import type {
  EmulatorLambda,
  LambdaContext,
  LambdaHandler,
  LambdaLogEntry,
  LambdaLogLevel,
  LambdaOptions,
} from "./lambda-types.js";

/**
 * Default execution time limit: LivePerson Functions stop a function after 30 s.
 *
 * @example
 * ```ts
 * createEmulator({ lambdaTimeoutMs: DEFAULT_LAMBDA_TIMEOUT_MS / 10 });
 * ```
 */
export const DEFAULT_LAMBDA_TIMEOUT_MS = 30_000;

/** A lambda as the registry holds it. */
export interface RegisteredLambda {
  readonly uuid: string;
  readonly handler: LambdaHandler;
  readonly eventId: string | undefined;
  readonly timeoutMs: number | undefined;
  readonly accountId: string | undefined;
  readonly name: string | undefined;
}

/** How a run ended. */
export type LambdaOutcome =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      /** `threw`: the function threw or rejected; `runtime-error`: a JS engine error (TypeError, …); `timeout`: over the limit. */
      readonly failure: "threw" | "runtime-error" | "timeout";
      readonly message: string;
      readonly logs: readonly LambdaLogEntry[];
    };

/** Checks a lambda definition and returns the registry entry. */
export function toRegisteredLambda(
  uuid: string,
  handler: LambdaHandler,
  options: LambdaOptions = {},
): RegisteredLambda {
  const id = checkUuid(uuid, "registerLambda");
  if (typeof handler !== "function") {
    throw new TypeError(`lambda ${id}: handler must be a function`);
  }
  const timeoutMs = options.timeoutMs;
  if (timeoutMs !== undefined && (!Number.isFinite(timeoutMs) || timeoutMs <= 0)) {
    throw new TypeError(`lambda ${id}: timeoutMs must be a positive number`);
  }
  return {
    uuid: id,
    handler,
    eventId: options.eventId === undefined ? undefined : checkEventId(options.eventId, `lambda ${id}`),
    timeoutMs,
    accountId:
      options.accountId === undefined ? undefined : checkAccountId(options.accountId, `lambda ${id}`),
    name: options.name,
  };
}

/** The registered lambdas, by UUID (one per UUID and account scope). */
export class LambdaRegistry {
  #lambdas: RegisteredLambda[] = [];

  /** Adds a lambda, replacing one with the same UUID and account scope. */
  register(lambda: RegisteredLambda): void {
    this.#lambdas = [
      ...this.#lambdas.filter(
        (known) => !(known.uuid === lambda.uuid && known.accountId === lambda.accountId),
      ),
      lambda,
    ];
  }

  /** Adds a lambda from its definition. */
  registerDefinition(definition: EmulatorLambda): void {
    const { uuid, handler, ...options } = definition;
    this.register(toRegisteredLambda(uuid, handler, options));
  }

  /** Removes every lambda with this UUID; returns whether one was removed. */
  unregister(uuid: string): boolean {
    const before = this.#lambdas.length;
    const id = uuid.toLowerCase();
    this.#lambdas = this.#lambdas.filter((known) => known.uuid !== id);
    return this.#lambdas.length !== before;
  }

  /** The lambda an account invokes by UUID (an account-specific one wins over a global one). */
  find(accountId: string, uuid: string): RegisteredLambda | undefined {
    const id = uuid.toLowerCase();
    return (
      this.#lambdas.find((known) => known.uuid === id && known.accountId === accountId) ??
      this.#lambdas.find((known) => known.uuid === id && known.accountId === undefined)
    );
  }

  /** Every lambda of an account registered for an event, in registration order. */
  forEvent(accountId: string, eventId: string): RegisteredLambda[] {
    return this.#lambdas.filter(
      (known) =>
        known.eventId === eventId && (known.accountId === undefined || known.accountId === accountId),
    );
  }

  /** All lambdas, in registration order. */
  list(): readonly RegisteredLambda[] {
    return [...this.#lambdas];
  }
}

const RUNTIME_ERRORS = [TypeError, ReferenceError, SyntaxError, RangeError, EvalError, URIError];

function describeThrown(error: unknown): string {
  if (error instanceof Error) {
    return `${error.name}: ${error.message}`;
  }
  if (typeof error === "string") {
    return error;
  }
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

function stringify(value: unknown): string {
  if (typeof value === "string") {
    return value;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The parts of a {@link LambdaContext} the gateway fills in before running. */
export type LambdaContextBase = Omit<LambdaContext, "signal" | "log">;

/**
 * Runs one lambda with its time limit. Never throws: every failure becomes an outcome.
 *
 * @example
 * ```ts
 * const outcome = await runLambda(lambda, payload, base, { now: Date.now, defaultTimeoutMs: 30_000 });
 * ```
 */
export async function runLambda(
  lambda: RegisteredLambda,
  payload: unknown,
  base: LambdaContextBase,
  options: { now: () => number; defaultTimeoutMs: number; stopSignal?: AbortSignal | undefined },
): Promise<LambdaOutcome> {
  const timeoutMs = lambda.timeoutMs ?? options.defaultTimeoutMs;
  const controller = new AbortController();
  // Not `AbortSignal.any([controller.signal, stopSignal])`: in Node 20 every such call leaves a
  // WeakRef in the long-lived stop signal for good (≈ 60 bytes per invoke, 6 MB per 100,000).
  // The stop listener below aborts the lambda's signal with the stop signal's reason instead.
  const { stopSignal } = options;
  if (stopSignal?.aborted) {
    controller.abort(stopSignal.reason);
  }
  const signal = controller.signal;
  const logs: LambdaLogEntry[] = [];
  const context: LambdaContext = {
    ...base,
    signal,
    log(level: LambdaLogLevel, message: string, ...extras: unknown[]) {
      logs.push({ level, message: String(message), timestamp: options.now(), extras: extras.map(stringify) });
    },
  };
  let timer: NodeJS.Timeout | undefined;
  let stopWaiting: (() => void) | undefined;
  const overrun = new Promise<"timeout" | "stopped">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
    // One abort listener on the stop signal for all running lambdas (core's onAbort), not one each.
    if (stopSignal !== undefined) {
      stopWaiting = onAbort(stopSignal, () => {
        controller.abort(stopSignal.reason);
        resolve("stopped");
      });
    }
  });
  try {
    const result = await Promise.race([
      Promise.resolve()
        .then(() => lambda.handler(payload, context))
        .then((value) => ({ value })),
      overrun,
    ]);
    if (result === "timeout" || result === "stopped") {
      controller.abort(new Error(result === "timeout" ? "execution time exceeded" : "the emulator stopped"));
      return {
        ok: false,
        failure: "timeout",
        message:
          result === "timeout"
            ? `The function exceeded its execution time of ${timeoutMs} ms`
            : "The emulator stopped while the function ran",
        logs,
      };
    }
    const value = result.value === undefined ? null : result.value;
    JSON.stringify(value);
    return { ok: true, value };
  } catch (error) {
    const runtime = RUNTIME_ERRORS.some((type) => error instanceof type);
    return { ok: false, failure: runtime ? "runtime-error" : "threw", message: describeThrown(error), logs };
  } finally {
    clearTimeout(timer);
    stopWaiting?.();
  }
}
