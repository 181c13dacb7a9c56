/**
 * Sentinel's rate limit as the emulator plays it: at most N tokens per client id in any 60 seconds
 * of **emulator** time (a sliding window), then 429 with `Retry-After` until the oldest token of the
 * window is a minute old. Tests move the emulator clock instead of waiting.
 *
 * @module
 */
import type { EmulatorClock } from "./clock.js";

const WINDOW_MS = 60_000;

/** Whether a token may be issued now, or how long the client must wait. */
export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSec: number };

/**
 * Checks a limit of tokens per client per minute.
 *
 * @example
 * ```ts
 * emulator.setTokenRateLimit(2); // the third token within a minute gets 429
 * ```
 */
export class TokenRateLimiter {
  #perMinute: number | undefined;
  readonly #issued = new Map<string, number[]>();
  readonly #clock: EmulatorClock;

  constructor(clock: EmulatorClock, perMinute: number | undefined) {
    this.#clock = clock;
    this.#perMinute = checkLimit(perMinute);
  }

  /** Tokens per client per minute, or `undefined` when unlimited. */
  get perMinute(): number | undefined {
    return this.#perMinute;
  }

  /** Sets (or with `undefined` lifts) the limit; the window of recent tokens is kept. */
  set(perMinute: number | undefined): void {
    this.#perMinute = checkLimit(perMinute);
  }

  /** Decides for `clientId` now; when allowed, counts the token. */
  take(clientId: string): RateDecision {
    const now = this.#clock.now();
    // Tokens stamped after `now` were issued before the clock was set back: they no longer count.
    const recent = (this.#issued.get(clientId) ?? []).filter((at) => at > now - WINDOW_MS && at <= now);
    const limit = this.#perMinute;
    if (limit !== undefined && recent.length >= limit) {
      this.#issued.set(clientId, recent);
      const oldest = recent[recent.length - limit] as number;
      return { ok: false, retryAfterSec: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)) };
    }
    recent.push(now);
    this.#issued.set(clientId, recent);
    return { ok: true };
  }
}

function checkLimit(perMinute: number | undefined): number | undefined {
  if (perMinute === undefined) {
    return undefined;
  }
  if (!Number.isInteger(perMinute) || perMinute < 1) {
    throw new TypeError("tokensPerMinute must be a whole number of at least 1 (or undefined for no limit)");
  }
  return perMinute;
}
