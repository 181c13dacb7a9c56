/**
 * Opt-in CORS, so a browser page on an allowed origin can call the emulator: preflights are
 * answered for the API routes, and answers carry `Access-Control-Allow-Origin`. Without it
 * (the default) a preflight is refused like any other unsupported method. The admin endpoint
 * never takes part.
 *
 * @module
 */
import type { IncomingMessage } from "node:http";
import type { EmulatorResponse } from "./http-types.js";

/** Request headers a page may send: the ones LivePerson's APIs take. */
const ALLOWED_HEADERS = ["authorization", "content-type", "lp-eventsource", "x-request-id"];
const ALLOWED_METHODS = ["GET", "HEAD", "POST"];

/**
 * The origins allowed to call the emulator from a browser.
 *
 * @example
 * ```ts
 * const cors = createCorsPolicy(["http://localhost:5173"]);
 * ```
 */
export interface CorsPolicy {
  /** Whether `origin` may call the emulator. */
  allows(origin: string | undefined): origin is string;
  /** Headers to add to an answer for a request from `origin` (none when not allowed). */
  headersFor(origin: string | undefined): Readonly<Record<string, string>>;
  /** The answer to a preflight, or `undefined` when the request is no preflight this policy answers. */
  preflight(req: IncomingMessage): EmulatorResponse | undefined;
}

function checkOrigin(origin: string): string {
  if (origin === "*") {
    return origin;
  }
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new TypeError(`cors: ${origin} is not an origin such as http://localhost:5173 (or "*")`);
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.origin !== origin.replace(/\/$/, "")) {
    throw new TypeError(
      `cors: ${origin} is not an origin such as http://localhost:5173 (scheme://host[:port])`,
    );
  }
  return url.origin;
}

/**
 * Builds the policy for `origins` (`"*"` allows any origin).
 *
 * @example
 * ```ts
 * createCorsPolicy("*").allows("http://127.0.0.1:8080"); // true
 * ```
 */
export function createCorsPolicy(origins: string | readonly string[]): CorsPolicy {
  const list = (typeof origins === "string" ? [origins] : [...origins]).map(checkOrigin);
  if (list.length === 0) {
    throw new TypeError("cors: give at least one origin");
  }
  const any = list.includes("*");
  const allowed = new Set(list);
  const allows = (origin: string | undefined): origin is string =>
    origin !== undefined && origin !== "null" && (any || allowed.has(origin));
  const headersFor = (origin: string | undefined): Readonly<Record<string, string>> => {
    if (!allows(origin)) {
      return {};
    }
    return {
      "access-control-allow-origin": origin,
      "access-control-expose-headers": "retry-after, x-request-id",
      vary: "Origin",
    };
  };
  return {
    allows,
    headersFor,
    preflight(req): EmulatorResponse | undefined {
      const origin = req.headers.origin;
      const method = req.headers["access-control-request-method"];
      if (req.method !== "OPTIONS" || typeof method !== "string" || !allows(origin)) {
        return undefined;
      }
      const requested = (req.headers["access-control-request-headers"] ?? "")
        .split(",")
        .map((name) => name.trim().toLowerCase())
        .filter((name) => name !== "");
      if (!ALLOWED_METHODS.includes(method) || requested.some((name) => !ALLOWED_HEADERS.includes(name))) {
        return { status: 403, headers: { vary: "Origin" }, body: "" };
      }
      return {
        status: 204,
        headers: {
          ...headersFor(origin),
          "access-control-allow-methods": ALLOWED_METHODS.join(", "),
          "access-control-allow-headers": ALLOWED_HEADERS.join(", "),
          "access-control-max-age": "600",
        },
        body: "",
      };
    },
  };
}
