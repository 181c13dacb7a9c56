/**
 * One line per request: what `createEmulator({ log })` receives and `lpkit-emulator --log` prints.
 * It holds the route, the status, the time taken and the path parameters that name things
 * (account, lambda, event, service) — never a header, a body, a token or a query value.
 *
 * @module
 */
import type { FaultKind } from "./faults.js";
import type { RouteName } from "./routes.js";

/**
 * A request as logged.
 *
 * @example
 * ```ts
 * createEmulator({ log: (entry) => console.log(entry.route, entry.status, entry.durationMs) });
 * ```
 */
export interface RequestLogEntry {
  /** When the request arrived (real time), ms since the epoch. */
  readonly time: number;
  readonly method: string;
  /**
   * The route; `admin` for the admin endpoint, `preflight` for an answered CORS preflight,
   * `unknown` for a path the emulator does not serve.
   */
  readonly route: RouteName | "admin" | "preflight" | "unknown";
  /** Status answered, or `reset` / `hang` when a fault kept an answer from being sent. */
  readonly status: number | "reset" | "hang";
  readonly durationMs: number;
  /** Path parameters that name things: `accountId`, `lambdaUuid`, `eventId`, `serviceName`. */
  readonly params: Readonly<Record<string, string>>;
  /** The fault applied, if any. */
  readonly fault: FaultKind | undefined;
  /** Whether the emulator answered without reading the request's body. */
  readonly bodyUnread: boolean;
}

/**
 * Receives every request's log entry; exceptions it throws are ignored.
 *
 * @example
 * ```ts
 * const log: RequestLogger = (entry) => process.stderr.write(`${formatLogEntry(entry)}\n`);
 * ```
 */
export type RequestLogger = (entry: RequestLogEntry) => void;

const SHOWN_PARAMS = ["accountId", "lambdaUuid", "eventId", "serviceName"] as const;

/** The path parameters worth logging (never anything else from the URL). */
export function loggedParams(params: Readonly<Record<string, string>>): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const name of SHOWN_PARAMS) {
    const value = params[name];
    if (value !== undefined && /^[A-Za-z0-9_.-]{1,128}$/.test(value)) {
      shown[name] = value;
    }
  }
  return shown;
}

/**
 * Formats an entry as one text line, e.g.
 * `23:14:15.123 POST faasgw.invoke 202 3.1 ms account=12345678 lambda=3fa85f64-…`.
 *
 * @example
 * ```ts
 * console.log(formatLogEntry(entry));
 * ```
 */
export function formatLogEntry(entry: RequestLogEntry): string {
  const time = new Date(entry.time).toISOString().slice(11, 23);
  const names: Record<string, string> = {
    accountId: "account",
    lambdaUuid: "lambda",
    eventId: "event",
    serviceName: "service",
  };
  const params = Object.entries(entry.params).map(([key, value]) => `${names[key] ?? key}=${value}`);
  const extras = [
    ...params,
    ...(entry.fault ? [`fault=${entry.fault}`] : []),
    ...(entry.bodyUnread ? ["body-unread"] : []),
  ];
  return [
    time,
    entry.method,
    entry.route,
    String(entry.status),
    `${entry.durationMs.toFixed(1)} ms`,
    ...extras,
  ].join(" ");
}
