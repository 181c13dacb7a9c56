/**
 * What both fault-matrix harnesses (`world.ts` for the Functions facade, `connector-world.ts` for
 * the Connector facade) share: one emulator per test file on a virtual clock, whose exchanges feed
 * the current scenario's leak check; a fresh leak check per scenario; the recorders a facade is
 * wired with (sleeps, logs, events); and the leak-checked `success` / `failure` awaits.
 *
 * @module
 */
import type { AuthEvent, AuthLogger } from "@lpkit/auth";
import { createEmulator, type Emulator, type EmulatorOptions, type Exchange } from "@lpkit/emulator";
import { afterAll, beforeAll, expect } from "vitest";
import { createLeakCheck, type LeakCheck } from "./leak-check.js";
import { createVirtualClock, type VirtualClock } from "./virtual-clock.js";

/** One line written to the captured logger. */
export interface LogLine {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  fields: unknown;
}

/** One test file's emulator, and a fresh leak check per scenario. */
export interface SharedEmulator {
  readonly emulator: Emulator;
  readonly clock: VirtualClock;
  /**
   * Starts a scenario: faults cleared, counters at zero, the emulator clock in line with lpkit's, and
   * a leak check looking for `secrets` (and what the emulator issues from now on), `publics` allowed.
   */
  begin(secrets: readonly string[], publics: readonly string[]): LeakCheck;
}

/**
 * Creates the emulator (started in `beforeAll`, then `ready` runs; stopped in `afterAll`); every
 * exchange's `secretsOf` become secrets of the current scenario's leak check.
 *
 * @example
 * ```ts
 * const shared = useSharedEmulator({}, (exchange) => [exchange.request.headers.authorization ?? ""]);
 * const leaks = shared.begin([DEMO.clientSecret], [DEMO.clientId]);
 * ```
 */
export function useSharedEmulator(
  options: Omit<EmulatorOptions, "now" | "onExchange">,
  secretsOf: (exchange: Exchange) => readonly (string | undefined)[],
  ready?: (emulator: Emulator) => void,
): SharedEmulator {
  const clock = createVirtualClock();
  let current: LeakCheck | undefined;
  const emulator = createEmulator({
    ...options,
    now: clock.now,
    onExchange(exchange) {
      const leaks = current;
      if (!leaks) {
        return;
      }
      for (const secret of secretsOf(exchange)) {
        if (secret) {
          leaks.addSecret(secret);
        }
      }
    },
  });
  beforeAll(async () => {
    await emulator.start();
    ready?.(emulator);
  });
  afterAll(() => emulator.stop());
  return {
    emulator,
    clock,
    begin(secrets, publics) {
      emulator.clearFaults();
      emulator.resetStats();
      emulator.clock.set(clock.now());
      const leaks = createLeakCheck(secrets);
      for (const text of publics) {
        leaks.addPublic(text);
      }
      current = leaks;
      return leaks;
    },
  };
}

/**
 * The deadline of the fault-matrix rows where an endpoint never answers ("hang"). The row proves that
 * the deadline ends the call, but things must happen before it fires: the request must reach the
 * emulator (the row counts it), a function must run, a retry or another delivery must get through.
 * On a busy 2-core CI machine a process can stall for a second or more, so a 1–2 s deadline could
 * fire first (a request count of 0, a spurious timeout of a delivery that was answered); 5 s is 5×
 * such a stall. The rows wait it out, nothing else depends on it.
 */
export const HANG_DEADLINE_MS = 5_000;

/** A token field (`access_token`, `token`, …) of a JSON answer body, if there is one. */
export function tokensInBody(body: string | undefined, fields: readonly string[]): string[] {
  if (body === undefined) {
    return [];
  }
  try {
    const json = JSON.parse(body) as Record<string, unknown> | null;
    return fields.map((field) => json?.[field]).filter((value): value is string => typeof value === "string");
  } catch {
    return []; // not a token answer
  }
}

/** What a facade is wired with, recorded: back-offs (nothing really waits), log lines and events. */
export interface Recorders {
  readonly sleeps: number[];
  readonly logs: LogLine[];
  readonly events: AuthEvent[];
  readonly logger: AuthLogger;
  readonly sleep: (ms: number) => Promise<void>;
  readonly onEvent: (event: AuthEvent) => void;
}

/**
 * Fresh recorders for one scenario.
 *
 * @example
 * ```ts
 * const { logger, sleep, onEvent } = createRecorders();
 * ```
 */
export function createRecorders(): Recorders {
  const sleeps: number[] = [];
  const logs: LogLine[] = [];
  const events: AuthEvent[] = [];
  const log =
    (level: LogLine["level"]) =>
    (message: string, fields?: unknown): void => {
      logs.push({ level, message, fields });
    };
  return {
    sleeps,
    logs,
    events,
    logger: { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") },
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    onEvent: (event) => events.push(event),
  };
}

/** The leak-checked awaits of a world. */
export interface Outcomes {
  /** Awaits `promise`, which must reject; returns the error (observed by the leak check). */
  failure(promise: Promise<unknown>): Promise<Error>;
  /** Awaits `promise`, which must resolve; returns the value (observed by the leak check). */
  success<T>(promise: Promise<T>): Promise<T>;
}

/**
 * `success` and `failure`, observing what they return or throw in `leaks`.
 *
 * @example
 * ```ts
 * const { success, failure } = observedOutcomes(leaks);
 * ```
 */
export function observedOutcomes(leaks: LeakCheck): Outcomes {
  return {
    async failure(promise) {
      try {
        leaks.observe("unexpected result", await promise);
      } catch (error) {
        leaks.observe("thrown error", error);
        if (!(error instanceof Error)) {
          throw new Error(`expected an Error to be thrown, got ${typeof error}`);
        }
        return error;
      }
      throw new Error("expected the call to fail, but it succeeded");
    },
    async success(promise) {
      const value = await promise;
      leaks.observe("result", value);
      return value;
    },
  };
}

/**
 * Observes the recorded logs and events and the facade itself, then asserts that the leak check
 * knows at least `minSecrets` secrets and found none of them anywhere.
 *
 * @example
 * ```ts
 * assertNoLeaksIn(leaks, recorders, ["LivePersonFunctions", lp], 2);
 * ```
 */
export function assertNoLeaksIn(
  leaks: LeakCheck,
  recorded: Pick<Recorders, "logs" | "events">,
  facade: readonly [label: string, value: unknown],
  minSecrets: number,
): void {
  leaks.observe("log lines", recorded.logs);
  leaks.observe("events", recorded.events);
  leaks.observe(facade[0], facade[1]);
  expect(leaks.size.secrets, "the leak check knows the secrets to look for").toBeGreaterThanOrEqual(
    minSecrets,
  );
  expect(leaks.findings()).toEqual([]);
}
