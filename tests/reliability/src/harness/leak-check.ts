/**
 * Secret hygiene checks: every client secret and every token the emulator issued must be absent
 * from everything lpkit throws, logs or emits — messages, stacks, `cause` chains, extra fields,
 * `JSON.stringify` and `util.inspect` output.
 *
 * @module
 */
import { inspect } from "node:util";

/**
 * Collects secrets and the things that must not contain them.
 *
 * @example
 * ```ts
 * const leaks = createLeakCheck();
 * leaks.addSecret("s3cr3t");
 * leaks.observe("error", caught);
 * expect(leaks.findings()).toEqual([]);
 * ```
 */
export interface LeakCheck {
  /** Registers a secret (a JWT also registers its signature, which is what makes it usable). */
  addSecret(secret: string): void;
  /** Registers something lpkit produced: an error, a log line, an event, a result. */
  observe(what: string, value: unknown): void;
  /** Every secret found in anything observed, as `"<what> contains <secret prefix>"`. */
  findings(): string[];
  /** How many secrets and observations are registered (to prove the check had work to do). */
  readonly size: { secrets: number; observations: number };
}

function safe(fn: () => string): string {
  try {
    return fn();
  } catch (error) {
    return `<${(error as Error)?.name ?? "error"}>`;
  }
}

/**
 * Every printed form of `value` a user could see: `String`, `JSON.stringify`, `util.inspect` (hidden
 * members too), and for errors the message, stack and each `cause` in the chain.
 *
 * @example
 * ```ts
 * renderings(new Error("boom")).some((text) => text.includes("boom")); // true
 * ```
 */
export function renderings(value: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = value;
  for (let depth = 0; depth < 8 && current !== undefined && !seen.has(current); depth++) {
    seen.add(current);
    const item = current;
    out.push(safe(() => String(item)));
    out.push(safe(() => JSON.stringify(item) ?? ""));
    out.push(safe(() => inspect(item, { depth: 20, showHidden: true, getters: true })));
    if (item instanceof Error) {
      out.push(item.message, item.stack ?? "");
      for (const key of Object.keys(item)) {
        out.push(safe(() => JSON.stringify((item as unknown as Record<string, unknown>)[key]) ?? ""));
      }
    }
    current = item instanceof Error ? item.cause : undefined;
  }
  return out;
}

/**
 * Creates a {@link LeakCheck}.
 *
 * @example
 * ```ts
 * const leaks = createLeakCheck(["emulator-demo-secret"]);
 * ```
 */
export function createLeakCheck(initial: readonly string[] = []): LeakCheck {
  const secrets = new Set<string>();
  const observations: { what: string; value: unknown }[] = [];
  const addSecret = (secret: string) => {
    if (secret.length < 8) {
      return;
    }
    secrets.add(secret);
    const parts = secret.split(".");
    if (parts.length === 3 && (parts[2]?.length ?? 0) >= 16) {
      secrets.add(parts[2] as string);
    }
  };
  for (const secret of initial) {
    addSecret(secret);
  }
  return {
    addSecret,
    observe(what, value) {
      observations.push({ what, value });
    },
    findings() {
      const problems: string[] = [];
      for (const { what, value } of observations) {
        const texts = renderings(value);
        for (const secret of secrets) {
          if (texts.some((text) => text.includes(secret))) {
            problems.push(`${what} contains ${secret.slice(0, 6)}…`);
          }
        }
      }
      return problems;
    },
    get size() {
      return { secrets: secrets.size, observations: observations.length };
    },
  };
}
