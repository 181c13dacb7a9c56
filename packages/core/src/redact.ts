/**
 * Secret hygiene. lpkit objects that hold a client secret or a token show `[REDACTED]` in their
 * place when printed with `console.log`, `util.inspect` or `JSON.stringify`.
 *
 * @module
 */

/** What a secret looks like wherever lpkit prints it. */
export const REDACTED = "[REDACTED]";

/** Node's `util.inspect` hook, reached through the global symbol registry (no `node:` import). */
export const inspectSymbol: unique symbol = Symbol.for("nodejs.util.inspect.custom") as never;

/**
 * Replaces every occurrence of the given secrets (and JWT-shaped strings) in `text` with `[REDACTED]`.
 *
 * @example
 * ```ts
 * redact("client_secret=s3cr3t&x=1", ["s3cr3t"]); // "client_secret=[REDACTED]&x=1"
 * ```
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) {
      out = out.split(secret).join(REDACTED);
    }
  }
  return out.replace(/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED);
}

/**
 * Makes the listed properties of `target` print as `[REDACTED]` under `util.inspect` / `console.log`
 * and `JSON.stringify`, while code can still read them. Returns `target`.
 *
 * @example
 * ```ts
 * const token = hideSecrets({ accessToken: "eyJ…", expiresAt: 1700000000000 }, ["accessToken"]);
 * console.log(token);            // { accessToken: '[REDACTED]', expiresAt: 1700000000000 }
 * token.accessToken;             // "eyJ…"
 * ```
 */
export function hideSecrets<T extends object>(target: T, keys: readonly (keyof T & string)[]): T {
  const view = () => {
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(target)) {
      copy[key] = (keys as readonly string[]).includes(key) && value !== undefined ? REDACTED : value;
    }
    return copy;
  };
  Object.defineProperties(target, {
    toJSON: { value: view, enumerable: false },
    [inspectSymbol]: {
      value: (_depth: number, options: unknown, inspect?: (v: unknown, o: unknown) => string) =>
        inspect ? inspect(view(), options) : view(),
      enumerable: false,
    },
  });
  return target;
}
