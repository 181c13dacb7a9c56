/**
 * The clock settings `--clock` and the admin endpoint take: an ISO 8601 date-time to set the
 * emulator clock to, or a signed offset (`+1h`, `-30m`, `+90s`, `+1500ms`, `+2d`) to move it by.
 *
 * @module
 */
import type { EmulatorClock } from "./clock.js";

/** A parsed clock setting. */
export type ClockSetting =
  | { readonly kind: "set"; readonly ms: number }
  | { readonly kind: "advance"; readonly ms: number };

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const OFFSET = /^([+-])(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Parses `text`; throws a TypeError naming the accepted forms.
 *
 * @example
 * ```ts
 * parseClockSetting("+1h"); // { kind: "advance", ms: 3_600_000 }
 * parseClockSetting("2030-01-01T00:00:00Z"); // { kind: "set", ms: 1_893_456_000_000 }
 * ```
 */
export function parseClockSetting(text: string): ClockSetting {
  const offset = OFFSET.exec(text.trim());
  if (offset) {
    const ms = Number(offset[2]) * (UNITS[offset[3] as string] as number) * (offset[1] === "-" ? -1 : 1);
    if (Number.isFinite(ms) && Math.abs(ms) <= 100 * 365 * UNITS.d!) {
      return { kind: "advance", ms: Math.round(ms) };
    }
  }
  if (ISO.test(text.trim())) {
    const ms = Date.parse(text.trim());
    if (Number.isFinite(ms)) {
      return { kind: "set", ms };
    }
  }
  throw new TypeError(
    `clock: ${JSON.stringify(text)} is neither an ISO 8601 date-time (2030-01-01T00:00:00Z) nor an offset such as +1h, -30m, +90s`,
  );
}

/** Applies a setting to a clock. */
export function applyClockSetting(clock: EmulatorClock, setting: ClockSetting): void {
  if (setting.kind === "set") {
    clock.set(setting.ms);
  } else {
    clock.advance(setting.ms);
  }
}

/** What the admin endpoint reports about the clock. */
export function clockReport(clock: EmulatorClock, base: () => number = Date.now) {
  const now = clock.now();
  return { now, iso: new Date(now).toISOString(), offsetMs: now - base() };
}
