/**
 * The event bus behind `on` / `off` of the token manager and the domain resolver: listeners that
 * throw never disturb the lifecycle, and every event is also logged at its level.
 *
 * @module
 */
import type { AuthEvent, AuthEventOf, AuthEventSource, AuthEventType } from "./events.js";
import type { AuthLogger } from "./logger.js";

/** Log level per event type: what is worth a warning. */
const LEVELS: Record<AuthEventType, "debug" | "info" | "warn"> = {
  "token-fetched": "info",
  "token-refreshed": "debug",
  "token-refresh-failed": "warn",
  "token-invalidated": "info",
  "retry-scheduled": "debug",
  "domains-refreshed": "debug",
  "domains-refresh-failed": "warn",
};

/**
 * An event bus: delivers each event to the `onEvent` callback, to `on` listeners and to the logger.
 * A listener that throws is reported to the logger and otherwise ignored.
 *
 * @example
 * ```ts
 * const bus = createEventBus<"domains-refreshed">({ onEvent: (e) => console.log(e.type) });
 * bus.on("domains-refreshed", (e) => console.log(e.services));
 * ```
 */
export function createEventBus<T extends AuthEventType = AuthEventType>(
  options: { onEvent?: ((event: AuthEventOf<T>) => void) | undefined; logger?: AuthLogger | undefined } = {},
): AuthEventSource<T> & { emit(event: AuthEventOf<T>): void; clear(): void } {
  const listeners = new Map<AuthEventType, Set<(event: AuthEvent) => void>>();
  const safely = (fn: () => void, type: string) => {
    try {
      fn();
    } catch (error) {
      options.logger?.error?.(`@lpkit/auth: a "${type}" event listener threw`, {
        listenerError: error instanceof Error ? error.name : typeof error,
      });
    }
  };
  return {
    on(type, listener) {
      let set = listeners.get(type);
      if (!set) {
        set = new Set();
        listeners.set(type, set);
      }
      set.add(listener as (event: AuthEvent) => void);
      return () => this.off(type, listener);
    },
    off(type, listener) {
      listeners.get(type)?.delete(listener as (event: AuthEvent) => void);
    },
    emit(event) {
      const { type, ...fields } = event as AuthEvent;
      options.logger?.[LEVELS[type]]?.(`@lpkit/auth: ${type}`, fields);
      if (options.onEvent) {
        const onEvent = options.onEvent;
        safely(() => onEvent(event), type);
      }
      for (const listener of [...(listeners.get(type) ?? [])]) {
        safely(() => listener(event as AuthEvent), type);
      }
    },
    clear() {
      listeners.clear();
    },
  };
}
