/**
 * Fault matrix, Sentinel (token endpoints v1 and v2) as the token manager meets it: what is retried
 * (network errors, timeouts, 408, 429, 5xx — with `Retry-After` honoured), what is not (bad answers,
 * 400/401), how many token requests each fault costs, and that a failing Sentinel is not hammered.
 *
 * @module
 */
import { TimeoutError, TokenRequestError, UnexpectedResponseError } from "@lpkit/core";
import { describe, expect } from "vitest";
import { scenario } from "../harness/scenario.js";
import { useEmulator } from "../harness/world.js";
import { HANG_DEADLINE_MS } from "../harness/world-base.js";

const env = useEmulator();
const V1 = "sentinel.token.v1" as const;
const V2 = "sentinel.token.v2" as const;

describe("Sentinel token v2", () => {
  scenario(env, "503 once → retried after back-off, token, 2 requests, retry-scheduled event", async (w) => {
    w.emulator.fault({ route: V2, status: 503, times: 1 });
    const token = await w.success(w.lp.tokenManager.getToken());
    expect(token.accessToken.split(".")).toHaveLength(3);
    expect(w.requests(V2)).toBe(2);
    expect(w.sleeps).toEqual([250]);
    expect(w.events.filter((e) => e.type === "retry-scheduled")).toHaveLength(1);
  });

  scenario(env, "429 with Retry-After: 2 → waits 2 s (never less), 2 requests", async (w) => {
    w.emulator.fault({ route: V2, status: 429, retryAfter: 2, times: 1 });
    await w.success(w.lp.tokenManager.getToken());
    expect(w.sleeps).toEqual([2_000]);
    expect(w.requests(V2)).toBe(2);
  });

  scenario(env, "429 without Retry-After → jittered back-off, 2 requests", async (w) => {
    w.emulator.fault({ route: V2, status: 429, times: 1 });
    await w.success(w.lp.tokenManager.getToken());
    expect(w.sleeps).toEqual([250]);
    expect(w.requests(V2)).toBe(2);
  });

  scenario(env, "connection reset once → NetworkError retried, token, 2 requests", async (w) => {
    w.emulator.fault({ route: V2, kind: "reset", times: 1 });
    await w.success(w.lp.tokenManager.getToken());
    expect(w.requests(V2)).toBe(2);
    expect(w.answered(V2, "reset")).toBe(1);
  });

  scenario(
    env,
    "HTML 502 page once → TokenRequestError (retryable) retried, token, 2 requests",
    async (w) => {
      w.emulator.fault({ route: V2, kind: "html", times: 1 });
      await w.success(w.lp.tokenManager.getToken());
      expect(w.requests(V2)).toBe(2);
    },
  );

  scenario(
    env,
    "503 on every attempt → TokenRequestError 503 after exactly 3 requests; callers during back-off get it without a request",
    async (w) => {
      w.emulator.fault({ route: V2, status: 503, retryAfter: 1 });
      const error = await w.failure(w.lp.tokenManager.getToken());
      expect(error).toBeInstanceOf(TokenRequestError);
      expect(error).toMatchObject({
        code: "ERR_TOKEN_REQUEST",
        status: 503,
        retryable: true,
        retryAfterMs: 1_000,
        error: "temporarily_unavailable",
      });
      expect(w.requests(V2)).toBe(3);
      for (let i = 0; i < 5; i++) {
        expect(await w.failure(w.lp.tokenManager.getToken())).toMatchObject({ status: 503 });
      }
      expect(w.requests(V2)).toBe(3);
      expect(w.events.filter((e) => e.type === "token-refresh-failed")).toHaveLength(1);
    },
  );

  scenario(env, "truncated JSON → UnexpectedResponseError, 1 request, not retried", async (w) => {
    w.emulator.fault({ route: V2, kind: "truncated-json", times: 1 });
    const error = await w.failure(w.lp.tokenManager.getToken());
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ code: "ERR_UNEXPECTED_RESPONSE", status: 200 });
    expect(w.requests(V2)).toBe(1);
  });

  scenario(env, "empty 200 body → UnexpectedResponseError, 1 request", async (w) => {
    w.emulator.fault({ route: V2, kind: "empty-body" });
    const error = await w.failure(w.lp.tokenManager.getToken());
    expect(error).toMatchObject({ code: "ERR_UNEXPECTED_RESPONSE", status: 200 });
    expect(w.requests(V2)).toBe(1);
  });

  scenario(env, "wrong content type (token JSON as text/plain) → accepted, 1 request", async (w) => {
    w.emulator.fault({ route: V2, kind: "wrong-content-type" });
    const token = await w.success(w.lp.tokenManager.getToken());
    expect(token.tokenType).toBe("Bearer");
    expect(w.requests(V2)).toBe(1);
  });

  scenario(
    env,
    "invalid_client (wrong secret) → TokenRequestError 401 invalid_client, 1 request, never retried",
    async (w) => {
      const error = await w.failure(w.lp.tokenManager.getToken());
      expect(error).toMatchObject({
        code: "ERR_TOKEN_REQUEST",
        status: 401,
        error: "invalid_client",
        retryable: false,
      });
      expect(w.requests(V2)).toBe(1);
      expect(w.emulator.stats().tokens.rejected).toBe(1);
      // An invoke during the back-off fails the same way without asking Sentinel or faasGW again.
      expect(await w.failure(w.lp.invoke("3fa85f64-5717-4562-b3fc-2c963f66afa6", {}))).toMatchObject({
        status: 401,
        error: "invalid_client",
      });
      expect(w.requests(V2)).toBe(1);
      expect(w.requests("faasgw.invoke")).toBe(0);
    },
    { clientSecret: "wrong-secret-0f3c9a7e51d2" },
  );
});

describe("Sentinel token v1", () => {
  scenario(
    env,
    "408 once → retried, token signed with the static v1 key, 2 requests",
    async (w) => {
      w.emulator.fault({ route: V1, status: 408, times: 1 });
      const token = await w.success(w.lp.tokenManager.getToken());
      expect(token.accessToken.split(".")).toHaveLength(3);
      expect(w.requests(V1)).toBe(2);
      expect(w.emulator.stats().tokens.byVersion.v1).toBe(1);
    },
    { sentinel: "v1" },
  );

  scenario(
    env,
    "no answer (hang) once → TimeoutError retried, token, 2 requests",
    async (w) => {
      w.emulator.fault({ route: V1, kind: "hang", times: 1 });
      await w.success(w.lp.tokenManager.getToken());
      expect(w.requests(V1)).toBe(2);
      expect(w.answered(V1, "hang")).toBe(1);
      expect(w.events.find((e) => e.type === "retry-scheduled")).toMatchObject({
        error: { code: "ERR_TIMEOUT" },
      });
    },
    // The first attempt waits the deadline out; the retry must succeed within it: see HANG_DEADLINE_MS.
    { sentinel: "v1", tokens: { timeoutMs: HANG_DEADLINE_MS } },
  );

  scenario(
    env,
    "no answer on every attempt → TimeoutError after exactly 3 requests",
    async (w) => {
      w.emulator.fault({ route: V1, kind: "hang" });
      const error = await w.failure(w.lp.tokenManager.getToken());
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toMatchObject({ code: "ERR_TIMEOUT", timeoutMs: HANG_DEADLINE_MS });
      expect(w.requests(V1)).toBe(3);
    },
    // Each request must reach the emulator (counted above) before its deadline: see HANG_DEADLINE_MS.
    { sentinel: "v1", tokens: { timeoutMs: HANG_DEADLINE_MS } },
  );

  scenario(
    env,
    "malformed JSON → UnexpectedResponseError, 1 request",
    async (w) => {
      w.emulator.fault({ route: V1, kind: "malformed-json" });
      const error = await w.failure(w.lp.tokenManager.getToken());
      expect(error).toMatchObject({ code: "ERR_UNEXPECTED_RESPONSE", status: 200 });
      expect(w.requests(V1)).toBe(1);
    },
    { sentinel: "v1" },
  );

  scenario(
    env,
    "401 invalid_client (v=2.0 query) → TokenRequestError, 1 request, never retried",
    async (w) => {
      w.emulator.fault({ route: V1, status: 401 });
      const error = await w.failure(w.lp.tokenManager.getToken());
      expect(error).toMatchObject({ code: "ERR_TOKEN_REQUEST", status: 401, error: "invalid_client" });
      expect(w.requests(V1)).toBe(1);
      expect(w.sleeps).toEqual([]);
    },
    { sentinel: "v1", v1Query: "2.0" },
  );

  scenario(
    env,
    "500 with a JSON body echoing the secret and a token → TokenRequestError with neither in it",
    async (w) => {
      const echoed = await w.mint();
      w.emulator.fault({
        route: V1,
        status: 500,
        body: { error: "server_error", error_description: `bad ${w.account.clientSecret} ${echoed}` },
      });
      const error = await w.failure(w.lp.tokenManager.getToken());
      expect(error).toMatchObject({ code: "ERR_TOKEN_REQUEST", status: 500, error: "server_error" });
      expect(w.requests(V1)).toBe(3);
    },
    { sentinel: "v1" },
  );
});
