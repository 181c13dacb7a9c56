/**
 * A resolver's synchronous answer for a host it holds fresh: the hot path of every call (the token
 * manager's Sentinel host, the faasGW host of `createLivePersonFunctions`) asks this first and goes
 * through `resolve()` — async, argument checks, events — only when it returns `undefined`.
 *
 * @module
 */

/** Where a resolver made by `createDomainResolver` keeps its synchronous lookup. */
export const CACHED_HOST: unique symbol = Symbol.for("lpkit.cachedHost") as never;

/**
 * The host `resolver.resolve(service)` would return right now without a request, when `resolver`
 * can tell (one made by `createDomainResolver`, holding a fresh list or an override); else `undefined`.
 *
 * @example
 * ```ts
 * const host = cachedHost(resolver, "faasGW") ?? (await resolver.resolve("faasGW", { signal }));
 * ```
 */
export function cachedHost(resolver: object, service: string): string | undefined {
  return (resolver as { [CACHED_HOST]?: (service: string) => string | undefined })[CACHED_HOST]?.(service);
}
