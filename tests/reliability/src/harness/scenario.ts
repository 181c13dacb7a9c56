/**
 * `scenario()`: one named fault-matrix case. It gets a fresh {@link World}, runs the body (which
 * asserts the outcome and the request counts) and then asserts that no secret or token appears in
 * anything lpkit threw, logged or emitted.
 *
 * @module
 */
import { it } from "vitest";
import type { EmulatorEnv, World, WorldOptions } from "./world.js";

/**
 * Declares one scenario.
 *
 * @example
 * ```ts
 * scenario(env, "invoke: 503 → GatewayError, not retried", async (w) => {
 *   w.emulator.fault({ route: "faasgw.invoke", status: 503 });
 *   expect(await w.failure(w.lp.invoke(DEMO.lambdaUuid, {}))).toMatchObject({ status: 503 });
 * });
 * ```
 */
export function scenario(
  env: EmulatorEnv,
  name: string,
  body: (world: World) => Promise<void>,
  options?: WorldOptions,
): void {
  it(name, async () => {
    const world = env.world(options);
    try {
      await body(world);
      world.assertNoLeaks();
    } finally {
      world.lp.dispose();
      world.emulator.clearFaults();
    }
  });
}

/**
 * Makes one successful call (Domain API lookup, token, invoke), then zeroes the emulator's
 * counters, so a scenario counts only what its fault causes.
 *
 * @example
 * ```ts
 * await warmUp(w);
 * ```
 */
export async function warmUp(world: World): Promise<void> {
  await world.success(world.lp.invoke("3fa85f64-5717-4562-b3fc-2c963f66afa6", { warmUp: true }));
  world.emulator.resetStats();
  world.sleeps.length = 0;
}
