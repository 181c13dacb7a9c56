/**
 * One-line setup of a token manager against the fake LivePerson, with an injected clock, sleep and
 * random, and every event and log line recorded (locally and in the secrets collector).
 *
 * @module
 */
import type { AuthEvent, AuthEventOf, AuthEventType } from "../events.js";
import { createTokenManager, type TokenManager, type TokenManagerOptions } from "../token-manager.js";
import { createFakeClock, type FakeClock } from "./fake-clock.js";
import {
  ACCOUNT,
  CLIENT_ID,
  CLIENT_SECRET,
  createFakeLivePerson,
  type FakeLivePerson,
  SENTINEL_HOST,
} from "./fake-liveperson.js";
import { collectEvent, collectingLogger } from "./secrets.js";

export interface Setup {
  readonly clock: FakeClock;
  readonly lp: FakeLivePerson;
  readonly manager: TokenManager;
  readonly events: AuthEvent[];
  eventsOf<T extends AuthEventType>(type: T): AuthEventOf<T>[];
  /** Resolves with the next event of `type`. */
  next<T extends AuthEventType>(type: T): Promise<AuthEventOf<T>>;
}

export function setup(
  overrides: Partial<TokenManagerOptions> = {},
  context: { clock?: FakeClock; lp?: FakeLivePerson } = {},
): Setup {
  const clock = context.clock ?? createFakeClock();
  const lp = context.lp ?? createFakeLivePerson({ now: clock.now });
  const events: AuthEvent[] = [];
  const waiters: { type: AuthEventType; resolve: (event: AuthEvent) => void }[] = [];
  const manager = createTokenManager({
    accountId: ACCOUNT,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    version: "v2",
    domains: { sentinel: SENTINEL_HOST },
    fetch: lp.fetch,
    now: clock.now,
    sleep: clock.sleep,
    random: clock.random,
    logger: collectingLogger,
    onEvent: (event) => {
      events.push(event);
      collectEvent(event);
      for (const waiter of waiters.splice(0)) {
        if (waiter.type === event.type) {
          waiter.resolve(event);
        } else {
          waiters.push(waiter);
        }
      }
    },
    ...overrides,
  });
  return {
    clock,
    lp,
    manager,
    events,
    eventsOf: <T extends AuthEventType>(type: T) =>
      events.filter((e): e is AuthEventOf<T> => e.type === type),
    next: <T extends AuthEventType>(type: T) =>
      new Promise<AuthEventOf<T>>((resolve) => {
        waiters.push({ type, resolve: resolve as (event: AuthEvent) => void });
      }),
  };
}
