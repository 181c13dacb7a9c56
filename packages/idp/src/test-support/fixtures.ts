/**
 * Test-only data: the documentation's ConsumerJWS, a synthetic AppJWT and helpers to build answers.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { IdpAnswer } from "../types.js";

/** The spec as plain data. */
export const spec = parse(
  readFileSync(new URL("../../../../specs/idp.yaml", import.meta.url), "utf8"),
) as Record<string, unknown>;

/** The ConsumerJWS of the documentation's example (an RSA-1024 signature, no `exp`). */
export const DOC_JWS =
  "eyJraWQiOiJhcHBqd3QtMTMtMDUtMTciLCJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhY2NvdW50X2lkIjoibGUzMTQ1Nzc4MCIsImV4dF9jb25zdW1lcl9pZCI6InJhbmRvbV9pZDAuMTczMDc3OTY4NzUiLCJscF9jb25zdW1lcl9pZCI6IjI5Y2FmMGMxMTQ4Njk5NmQ5Mzg3ZTNhNDRlYzM0MjI5ZDEyNzMwNGRiNDk2NmQ3NzUyNzE2YmNlYjUzOGZhMjQifQ.TAJgP31rmpHvGKqb_yLP9yzVi_7tu7YoRfoqQ3RfuXGwR_AOV7DWL5Njy1m2YpC5kd9L_oRmytjFwfckwyuFJewwPGYxeZAY1q1jR5tPdb0nsvRyrMdKzO1_AFWUJtD013H9fjyjxHvxwV_Q2xe6Xp00J0T_-I6d6BkUpUFSPww";

/** A syntactically valid AppJWT (not signed by Sentinel). */
export const APP_JWT =
  "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiIxMjM0NTY3OCIsImF6cCI6ImFwcCIsInNjb3BlIjoibXNnLmNvbnN1bWVyIn0.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLWFwcC1qd3Q";

/** Base64url of a JSON value (for hand-made tokens). */
export function b64(value: unknown): string {
  return Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
}

/** A compact JWS with the given header and payload and a fake signature. */
export function jws(payload: unknown, header: unknown = { alg: "RS256", typ: "JWT" }): string {
  return `${b64(header)}.${b64(payload)}.c2lnbmF0dXJl`;
}

/** An answer as the request layer hands it over. */
export function answer(status: number, body: unknown, headers: Record<string, string> = {}): IdpAnswer {
  return {
    status,
    text: typeof body === "string" ? body : JSON.stringify(body),
    headers: new Headers(headers),
    requestId: "req-1",
  };
}

/** A ConsumerJWS like the IdP issues one for `extConsumerId` (fake signature). */
export function consumerJws(extConsumerId: string, accountId = "12345678"): string {
  const lp = Array.from(
    { length: 64 },
    (_, i) => "0123456789abcdef"[(extConsumerId.length * 7 + i) % 16],
  ).join("");
  return jws(
    { account_id: accountId, ext_consumer_id: extConsumerId, lp_consumer_id: lp },
    { kid: "appjwt-13-05-17", typ: "JWT", alg: "RS256" },
  );
}

/** One request a fake server saw, with its body read. */
export interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly body: string;
}

/**
 * A `fetch` that answers like the IdP by default (201 `{ token }`), or with `script[n]` for the
 * n-th request: a status (with an optional body and headers) or a thrown error.
 */
export function fakeIdp(
  script: ({ status: number; body?: unknown; headers?: Record<string, string> } | Error | undefined)[] = [],
) {
  const seen: Seen[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const body = await request.text();
    seen.push({ method: request.method, url: request.url, headers: request.headers, body });
    const step = script[seen.length - 1];
    if (step instanceof Error) {
      throw step;
    }
    if (step !== undefined) {
      const text =
        step.body === undefined ? "" : typeof step.body === "string" ? step.body : JSON.stringify(step.body);
      return new Response(text, { status: step.status, headers: step.headers });
    }
    const { ext_consumer_id } = JSON.parse(body) as { ext_consumer_id: string };
    return new Response(JSON.stringify({ token: consumerJws(ext_consumer_id) }), {
      status: 201,
      headers: { "content-type": "application/json" },
    });
  };
  return { fetch, seen };
}

/** A connection refused before anything was sent (what undici reports). */
export function refused(): Error {
  return new TypeError("fetch failed", {
    cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
  });
}
