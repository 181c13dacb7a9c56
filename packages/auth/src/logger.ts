/**
 * The optional logger (observability). `@lpkit/auth` is silent unless you pass a logger; `console`
 * fits, as do pino, winston or bunyan child loggers. Every line is written from secret-free parts:
 * a fixed message and the fields of the matching event.
 *
 * @module
 */

/**
 * Extra, secret-free fields of a log line.
 *
 * @example
 * ```ts
 * const logger: AuthLogger = { warn: (message, fields?: LogFields) => pino.warn(fields, message) };
 * ```
 */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * What `@lpkit/auth` logs to. Every method is optional; missing levels are skipped.
 *
 * @example
 * ```ts
 * const tokens = createTokenManager({ ...credentials, domains, logger: console });
 * ```
 */
export interface AuthLogger {
  debug?(message: string, fields?: LogFields): void;
  info?(message: string, fields?: LogFields): void;
  warn?(message: string, fields?: LogFields): void;
  error?(message: string, fields?: LogFields): void;
}

/**
 * The log levels `@lpkit/auth` uses.
 *
 * @example
 * ```ts
 * const level: LogLevel = "warn";
 * ```
 */
export type LogLevel = keyof AuthLogger;

/**
 * Wraps a logger so that a logger which throws can never break a token request.
 *
 * @example
 * ```ts
 * const log = safeLogger(console);
 * log.warn?.("@lpkit/auth: something", { code: "ERR_TIMEOUT" });
 * ```
 */
export function safeLogger(logger: AuthLogger | undefined): AuthLogger | undefined {
  if (!logger) {
    return undefined;
  }
  const wrap = (level: LogLevel) => {
    const method = logger[level];
    if (typeof method !== "function") {
      return undefined;
    }
    return (message: string, fields?: LogFields) => {
      try {
        method.call(logger, message, fields);
      } catch {
        // A broken logger must not break authentication.
      }
    };
  };
  const out: AuthLogger = {};
  for (const level of ["debug", "info", "warn", "error"] as const) {
    const fn = wrap(level);
    if (fn) {
      out[level] = fn;
    }
  }
  return out;
}
