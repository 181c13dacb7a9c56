/**
 * The shortened soak (2 000 invocations, a few token rotations, 5 % seeded faults, concurrency 32):
 * no function ever runs twice, every failure is a typed lpkit error, no answer goes to the wrong
 * caller, and Sentinel is not hammered.
 *
 * @module
 */
import { describe, expect, it } from "vitest";
import { runSoak, SHORT_SOAK } from "./run-soak.js";

describe("soak (shortened)", () => {
  it("2 000 invokes, 5 % faults, concurrency 32: zero duplicate executions, every failure typed", async () => {
    const figures = await runSoak(SHORT_SOAK);
    expect(figures.invokes).toBe(2_000);
    expect(figures.succeeded + figures.failed).toBe(2_000);
    expect(figures.duplicateExecutions).toBe(0);
    expect(figures.untypedFailures).toBe(0);
    expect(figures.crossedAnswers).toBe(0);
    // Faults were really injected, every failure is owed to one, and most calls still succeeded.
    expect(figures.faultsInjected).toBeGreaterThan(40);
    expect(figures.failed).toBeLessThanOrEqual(figures.faultsInjected);
    expect(figures.succeeded / figures.invokes).toBeGreaterThan(0.9);
    // Tokens rotated several times; token requests stay proportional to rotations (no storm).
    expect(figures.tokenRotations).toBeGreaterThanOrEqual(3);
    expect(figures.tokenRequests).toBeLessThan(4 * (figures.tokenRotations + 1) + 60);
    // At most three invoke requests per call (two retries) on average is far above what happens.
    expect(figures.invokeRequestsPerCall).toBeLessThan(1.2);
    // Every execution belongs to an invocation, and an invocation runs at most once.
    expect(figures.executions).toBeLessThanOrEqual(figures.invokes);
  }, 600_000); // only a hang guard: the run takes seconds
});
