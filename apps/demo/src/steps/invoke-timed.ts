/**
 * Invocation helpers shared by the steps: time each call on the client side and keep the latency
 * for the summary.
 *
 * @module
 */
import type { InvokeResponse } from "@lpkit/faasgw";
import type { DemoContext } from "./types.js";

/**
 * A finished invocation with its client-side latency.
 *
 * @example
 * ```ts
 * const { response, ms }: TimedCall<unknown> = await timedInvoke(context, 1);
 * ```
 */
export interface TimedCall<T> {
  readonly response: InvokeResponse<T>;
  readonly ms: number;
}

/**
 * What the demo sends when `LP_PAYLOAD` is not set.
 *
 * @example
 * ```ts
 * defaultPayload(2); // { greeting: "hello from lpkit", call: 2 }
 * ```
 */
export function defaultPayload(call: number): Record<string, unknown> {
  return { greeting: "hello from lpkit", call };
}

/**
 * Invokes the target's lambda once, timing it; the latency is kept in `state.invocationMs`
 * whether the call succeeds or not.
 *
 * @example
 * ```ts
 * const { response, ms } = await timedInvoke(context, 1);
 * ```
 */
export async function timedInvoke(context: DemoContext, call: number): Promise<TimedCall<unknown>> {
  const { target, lp, state } = context;
  const payload = target.payload !== undefined ? target.payload : defaultPayload(call);
  return timed(state.invocationMs, () =>
    lp.invoke(target.lambdaUuid ?? "", payload, target.userId ? { userId: target.userId } : undefined),
  );
}

/**
 * Runs `call`, pushing its duration (ms) to `sink` even when it throws.
 *
 * @example
 * ```ts
 * const { response, ms } = await timed(state.invocationMs, () => lp.invokeEvent(eventId, {}));
 * ```
 */
export async function timed<T>(
  sink: number[],
  call: () => Promise<InvokeResponse<T>>,
): Promise<TimedCall<T>> {
  const started = performance.now();
  try {
    const response = await call();
    const ms = performance.now() - started;
    sink.push(ms);
    return { response, ms };
  } catch (error) {
    sink.push(performance.now() - started);
    throw error;
  }
}
