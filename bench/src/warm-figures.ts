/**
 * The warm figures of one target (latency, throughput and client CPU time per concurrency), each with
 * the target server's CPU busy over the same runs.
 *
 * @module
 */
import { type Figure, figure } from "./figures.js";
import type { WarmResults } from "./measure/warm.js";
import type { Plan } from "./plan.js";
import type { ContenderId, TargetId } from "./workload.js";

/** A count with thousands separators. */
export const count = (n: number) => n.toLocaleString("en-US");
/** How a figure's title names its target. */
export const AGAINST: Record<TargetId, string> = { nginx: "against nginx", emulator: "against the emulator" };

/**
 * The warm figures of one target: latency, throughput and client CPU per concurrency.
 *
 * @example
 * ```ts
 * const figures = warmFigures("nginx", warm.nginx, FULL_PLAN);
 * ```
 */
export function warmFigures(target: TargetId, warm: WarmResults, plan: Plan): Figure[] {
  const where = AGAINST[target];
  const reps = `${plan.throughputRepetitions} repetitions, interleaved`;
  const latency = (id: "warmP50Ms" | "warmP99Ms", p: number) =>
    figure(
      {
        id: `${target}.${id}`,
        target,
        title: `Warm sequential invoke latency, p${p}, ${where}`,
        unit: "ms",
        better: "lower",
        method: `p${p} of ${count(plan.latencyInvokes)} sequential invokes on a warmed-up client; ${plan.latencyRepetitions} repetitions, interleaved`,
      },
      id === "warmP50Ms" ? warm.p50Ms : warm.p99Ms,
      warm.latencyServerCpuShare,
    );
  const byConcurrency = plan.concurrencies[target].flatMap((c) => [
    figure(
      {
        id: `${target}.throughputC${c}`,
        target,
        title: `Throughput at concurrency ${c}, ${where}`,
        unit: "invokes/s",
        better: "higher",
        method: `closed loop: ${c} lane(s) invoking back to back for ${count(plan.throughputMs)} ms after a ${plan.throughputWarmupMs} ms warm-up; ${reps}`,
      },
      warm.throughput[c] as Record<ContenderId, number[]>,
      warm.serverCpuShare[c],
    ),
    figure(
      {
        id: `${target}.clientCpuUsC${c}`,
        target,
        title: `Client CPU time per invoke at concurrency ${c}, ${where}`,
        unit: "µs",
        better: "lower",
        method: `user + system CPU of the client process during the throughput run ÷ invokes completed; ${reps}`,
      },
      warm.clientCpuUsPerInvoke[c] as Record<ContenderId, number[]>,
      warm.serverCpuShare[c],
    ),
  ]);
  return [latency("warmP50Ms", 50), latency("warmP99Ms", 99), ...byConcurrency];
}
