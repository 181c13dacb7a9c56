/**
 * The record of one request and its answer, handed to the `onExchange` hook — how the
 * conformance tests check every answer against the specs.
 *
 * @module
 */
import type { FaultKind } from "./faults.js";
import type { EmulatorRequest, EmulatorResponse } from "./http-types.js";
import type { ApiName, RouteName } from "./routes.js";

/**
 * One request the emulator received and what it did with it.
 *
 * @example
 * ```ts
 * const exchanges: Exchange[] = [];
 * const emulator = createEmulator({ onExchange: (exchange) => exchanges.push(exchange) });
 * ```
 */
export interface Exchange {
  /** The route, or `undefined` when the path is not one the emulator serves. */
  readonly route: RouteName | undefined;
  readonly api: ApiName | undefined;
  /** `operationId` in `specs/<api>.yaml`. */
  readonly operationId: string | undefined;
  /** The request (its body can hold a client secret: it is the caller's own test data). */
  readonly request: EmulatorRequest;
  /** The answer sent, or `undefined` when the connection was reset or left hanging. */
  readonly response: EmulatorResponse | undefined;
  /** `answered`, or the fault that kept an answer from being sent. */
  readonly outcome: "answered" | "reset" | "hang";
  /** The fault applied to this request, if any. */
  readonly fault: FaultKind | undefined;
  /** Time from receiving the request to answering (or giving up), ms. */
  readonly durationMs: number;
  /**
   * Whether the emulator answered without reading the body the request announced (refused before
   * it: unknown route, failed token check, too large, over the memory budget). `request.body` is
   * then `""`.
   */
  readonly bodyUnread: boolean;
}

/**
 * Receives every exchange; exceptions it throws are ignored.
 *
 * @example
 * ```ts
 * const log: ExchangeHook = ({ route, response }) => console.log(route, response?.status);
 * ```
 */
export type ExchangeHook = (exchange: Exchange) => void;
