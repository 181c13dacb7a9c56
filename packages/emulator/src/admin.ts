/**
 * The admin endpoint under `/__lpkit/`: faults, clock, counters and Sentinel's rate limit of a
 * running emulator, for the command line (`curl`) and for tests in other processes. It answers
 * only peers on loopback, only `Host` names that are loopback (no DNS rebinding), never a
 * cross-origin page (an `Origin` that is not loopback is refused, and writes need a JSON body,
 * which a page cannot send without a preflight the emulator never grants here).
 *
 * | request | does |
 * | --- | --- |
 * | `GET /__lpkit/stats` · `DELETE /__lpkit/stats` | counters · reset them |
 * | `GET /__lpkit/faults` · `POST /__lpkit/faults` (a rule) | rules in force · add one (→ `{ id }`) |
 * | `DELETE /__lpkit/faults` · `DELETE /__lpkit/faults/{id}` | remove all · remove one |
 * | `GET /__lpkit/clock` · `POST /__lpkit/clock` `{ "clock": "+1h" }` or `{ "advanceMs": n }` | read · set or move |
 * | `GET /__lpkit/rate-limit` · `POST /__lpkit/rate-limit` `{ "tokensPerMinute": n \| null }` | read · set |
 *
 * @module
 */
import type { IncomingMessage } from "node:http";
import { type BodyBudget, leaveBody, readBody, SMALL_BODY_BYTES } from "./body.js";
import type { EmulatorClock } from "./clock.js";
import { applyClockSetting, clockReport, parseClockSetting } from "./clock-setting.js";
import type { FaultSet } from "./faults.js";
import { type EmulatorResponse, jsonResponse, mediaType } from "./http-types.js";
import { isLoopbackAddress, isLoopbackHostHeader } from "./loopback.js";
import type { StatsRecorder } from "./stats.js";
import type { TokenRateLimiter } from "./token-rate-limit.js";

/** Path prefix of the admin endpoint. */
export const ADMIN_PREFIX = "/__lpkit/";

/** What the admin endpoint controls. */
export interface AdminControls {
  readonly faults: FaultSet;
  readonly clock: EmulatorClock;
  readonly baseNow: () => number;
  readonly stats: StatsRecorder;
  readonly rateLimit: TokenRateLimiter;
  readonly budget: BodyBudget;
}

/** The admin endpoint's answer and whether it left a request body unread. */
export interface AdminAnswer {
  readonly response: EmulatorResponse;
  readonly bodyUnread: boolean;
}

/** Handles requests under {@link ADMIN_PREFIX}. */
export interface AdminEndpoint {
  handle(req: IncomingMessage, url: URL, onReserved: (bytes: number) => void): Promise<AdminAnswer>;
}

const problem = (status: number, message: string) => jsonResponse(status, { error: message });
const NO_STORE = { "cache-control": "no-store" };

function refusal(req: IncomingMessage): EmulatorResponse | undefined {
  if (!isLoopbackAddress(req.socket.remoteAddress)) {
    return problem(403, "the admin endpoint answers loopback peers only");
  }
  if (!isLoopbackHostHeader(req.headers.host)) {
    return problem(403, "the admin endpoint answers loopback Host names only");
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let host = "";
    try {
      host = new URL(origin).host;
    } catch {
      // an opaque origin such as "null"
    }
    if (!isLoopbackHostHeader(host)) {
      return problem(403, "the admin endpoint does not answer pages of other origins");
    }
  }
  return undefined;
}

/**
 * Creates the admin endpoint.
 *
 * @example
 * ```ts
 * const admin = createAdminEndpoint({ faults, clock, baseNow: Date.now, stats, rateLimit, budget });
 * ```
 */
export function createAdminEndpoint(controls: AdminControls): AdminEndpoint {
  const readJson = async (
    req: IncomingMessage,
    onReserved: (bytes: number) => void,
  ): Promise<{ value: unknown } | { response: EmulatorResponse }> => {
    if (mediaType(req.headers["content-type"]) !== "application/json") {
      return { response: problem(415, "send a JSON body (Content-Type: application/json)") };
    }
    const outcome = await readBody(req, {
      limit: SMALL_BODY_BYTES,
      budget: controls.budget,
      onBytes: () => undefined,
      onReserved,
    });
    if (!outcome.ok) {
      return {
        response: problem(outcome.reason === "too-large" ? 413 : 503, `body refused (${outcome.reason})`),
      };
    }
    try {
      return { value: JSON.parse(outcome.body) as unknown };
    } catch {
      return { response: problem(400, "the body is not valid JSON") };
    }
  };

  const route = async (
    req: IncomingMessage,
    path: string,
    onReserved: (bytes: number) => void,
  ): Promise<EmulatorResponse> => {
    const method = req.method ?? "GET";
    const write = method === "POST" || method === "PUT";
    const body = write ? await readJson(req, onReserved) : { value: undefined };
    if ("response" in body) {
      return body.response;
    }
    const input = body.value as Record<string, unknown> | undefined;
    const faultId = /^faults\/(\d+)$/.exec(path);
    switch (`${method} ${faultId ? "faults/{id}" : path}`) {
      case "GET ":
        return jsonResponse(200, { endpoints: ["stats", "faults", "clock", "rate-limit"] }, NO_STORE);
      case "GET stats":
        return jsonResponse(200, controls.stats.snapshot(), NO_STORE);
      case "DELETE stats":
        controls.stats.reset();
        return { status: 204, headers: {}, body: "" };
      case "GET faults":
        return jsonResponse(200, { faults: controls.faults.list() }, NO_STORE);
      case "POST faults": {
        const handle = controls.faults.add(input as never);
        return jsonResponse(201, { id: handle.id }, NO_STORE);
      }
      case "DELETE faults":
        controls.faults.clear();
        return { status: 204, headers: {}, body: "" };
      case "DELETE faults/{id}":
        return controls.faults.remove(Number(faultId?.[1]))
          ? { status: 204, headers: {}, body: "" }
          : problem(404, "no fault rule with this id");
      case "GET clock":
        return jsonResponse(200, clockReport(controls.clock, controls.baseNow), NO_STORE);
      case "POST clock": {
        if (typeof input?.clock === "string") {
          applyClockSetting(controls.clock, parseClockSetting(input.clock));
        } else if (typeof input?.advanceMs === "number") {
          controls.clock.advance(input.advanceMs);
        } else {
          return problem(
            400,
            'send { "clock": "<ISO date-time or offset such as +1h>" } or { "advanceMs": n }',
          );
        }
        return jsonResponse(200, clockReport(controls.clock, controls.baseNow), NO_STORE);
      }
      case "GET rate-limit":
        return jsonResponse(200, { tokensPerMinute: controls.rateLimit.perMinute ?? null }, NO_STORE);
      case "POST rate-limit": {
        const value = input?.tokensPerMinute;
        controls.rateLimit.set(value === null ? undefined : (value as number));
        return jsonResponse(200, { tokensPerMinute: controls.rateLimit.perMinute ?? null }, NO_STORE);
      }
      default:
        return problem(404, `no admin route ${method} ${ADMIN_PREFIX}${path}`);
    }
  };

  return {
    async handle(req, url, onReserved) {
      const refused = refusal(req);
      if (refused) {
        return { response: refused, bodyUnread: leaveBody(req, () => undefined) };
      }
      const path = url.pathname.slice(ADMIN_PREFIX.length).replace(/\/$/, "");
      try {
        const response = await route(req, path, onReserved);
        return { response, bodyUnread: leaveBody(req, () => undefined) };
      } catch (error) {
        return {
          response: problem(400, (error as Error).message),
          bodyUnread: leaveBody(req, () => undefined),
        };
      }
    },
  };
}
