/**
 * jose, loaded on first use: only token verification and the JWKS need it, so a program that merely
 * gets tokens and invokes functions never pays for loading it (about 20 ms of cold start).
 *
 * @module
 */

/** The parts of jose lpkit uses (see jose-parts.ts). */
export type Jose = typeof import("./jose-parts.js");

let loading: Promise<Jose> | undefined;

/**
 * Loads jose once and hands out the same module on every later call. A failed load is not cached,
 * so a later call tries again.
 *
 * @example
 * ```ts
 * const { jwtVerify } = await loadJose();
 * ```
 */
export function loadJose(): Promise<Jose> {
  if (!loading) {
    const attempt = import("./jose-parts.js");
    loading = attempt;
    attempt.catch(() => {
      if (loading === attempt) {
        loading = undefined;
      }
    });
  }
  return loading;
}
