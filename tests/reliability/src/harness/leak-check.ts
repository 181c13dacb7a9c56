/**
 * Secret hygiene checks: every client secret and every token the emulator issued must be absent
 * from everything lpkit throws, logs or emits — messages, stacks, `cause` chains, extra fields,
 * `JSON.stringify` and `util.inspect` output — and so must every fragment of 8 or more characters
 * of a secret or of a token's signature (a secret cut in half still leaks).
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
  /**
   * Registers a value that is public (a client id, an account id) so that a fragment a secret happens
   * to share with it (e.g. `emulator-` in `emulator-demo-secret` and `emulator-test-client`) is no finding.
   */
  addPublic(text: string): void;
  /** Registers something lpkit produced: an error, a log line, an event, a result. */
  observe(what: string, value: unknown): void;
  /**
   * Every secret found in anything observed, as `"<what> contains <secret prefix>…"`, or
   * `"<what> contains a fragment of <secret prefix>…"` for a run of 8+ characters of it.
   */
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

/** Length of the shortest secret fragment that counts as a leak. */
export const MIN_FRAGMENT = 8;

/** The 8-character windows of what must not leak in part: a JWT's signature, else the secret itself. */
function fragmentsOf(secret: string): Set<string> {
  const parts = secret.split(".");
  const source = parts.length === 3 ? (parts[2] as string) : secret;
  const grams = new Set<string>();
  for (let i = 0; i + MIN_FRAGMENT <= source.length; i++) {
    grams.add(source.slice(i, i + MIN_FRAGMENT));
  }
  return grams;
}

/**
 * Whether `text` contains a run of 8 or more characters of the secret whose windows are `grams`.
 *
 * @example
 * ```ts
 * containsFragment("…3cr3t-val…", fragmentsOf("s3cr3t-value")); // true
 * ```
 */
export function containsFragment(text: string, grams: ReadonlySet<string>): boolean {
  for (let i = 0; i + MIN_FRAGMENT <= text.length; i++) {
    if (grams.has(text.slice(i, i + MIN_FRAGMENT))) {
      return true;
    }
  }
  return false;
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
  const secrets = new Map<string, Set<string>>();
  const publicGrams = new Set<string>();
  const observations: { what: string; value: unknown }[] = [];
  const addSecret = (secret: string) => {
    if (secret.length < 8) {
      return;
    }
    secrets.set(secret, fragmentsOf(secret));
    const parts = secret.split(".");
    if (parts.length === 3 && (parts[2]?.length ?? 0) >= 16) {
      secrets.set(parts[2] as string, fragmentsOf(parts[2] as string));
    }
  };
  for (const secret of initial) {
    addSecret(secret);
  }
  return {
    addSecret,
    addPublic(text) {
      for (const gram of fragmentsOf(`x.x.${text}`)) {
        publicGrams.add(gram);
      }
    },
    observe(what, value) {
      observations.push({ what, value });
    },
    findings() {
      const problems: string[] = [];
      for (const { what, value } of observations) {
        const texts = renderings(value);
        for (const [secret, all] of secrets) {
          const grams = new Set([...all].filter((gram) => !publicGrams.has(gram)));
          if (texts.some((text) => text.includes(secret))) {
            problems.push(`${what} contains ${secret.slice(0, 6)}…`);
          } else if (texts.some((text) => containsFragment(text, grams))) {
            problems.push(`${what} contains a fragment of ${secret.slice(0, 6)}…`);
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
