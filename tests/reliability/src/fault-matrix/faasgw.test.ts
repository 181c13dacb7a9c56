/**
 * Fault matrix, faasGW: every fault the emulator can inject on the invocation gateway, with the
 * exact outcome, the number of requests and — because an invocation runs customer code — how often
 * the function actually ran. The default policy retries only where the function certainly did not
 * run (refused connection, 429, one 401 replay with a new token).
 *
 * @module
 */
import {
  FunctionError,
  GatewayError,
  NetworkError,
  TimeoutError,
  TokenRequestError,
  UnexpectedResponseError,
} from "@lpkit/core";
import { DEMO } from "@lpkit/emulator";
import { beforeAll, describe, expect } from "vitest";
import { createRefuser, type Refuser } from "../harness/refused.js";
import { scenario, warmUp } from "../harness/scenario.js";
import { useEmulator } from "../harness/world.js";
import { HANG_DEADLINE_MS } from "../harness/world-base.js";

const env = useEmulator();
const LAMBDA = DEMO.lambdaUuid;
const INVOKE = "faasgw.invoke" as const;
const isInvoke = (request: Request) => new URL(request.url).pathname.endsWith("/invoke");
let refuser: Refuser;
beforeAll(async () => {
  refuser = await createRefuser();
});

describe("faasGW invoke — default policy (never run twice)", () => {
  scenario(env, "503 before execution → GatewayError 503, 1 request, never ran, not retried", async (w) => {
    await warmUp(w);
    w.emulator.fault({ route: INVOKE, status: 503 });
    const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }));
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: "ERR_FAAS_GATEWAY", status: 503 });
    expect(w.requests(INVOKE)).toBe(1);
    expect(w.executions()).toBe(0);
    expect(w.sleeps).toEqual([]);
  });

  scenario(env, "500 after execution → GatewayError 500, 1 request, ran once, not retried", async (w) => {
    await warmUp(w);
    w.emulator.fault({ route: INVOKE, status: 500, afterExecution: true });
    const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }));
    expect(error).toMatchObject({ code: "ERR_FAAS_GATEWAY", status: 500 });
    expect(w.requests(INVOKE)).toBe(1);
    expect(w.executions()).toBe(1);
  });

  scenario(env, "429 with Retry-After: 2 → waits 2 s, 2 requests, ran once, succeeds", async (w) => {
    await warmUp(w);
    w.emulator.fault({ route: INVOKE, status: 429, retryAfter: 2, times: 1 });
    const result = await w.success(w.lp.invoke(LAMBDA, { n: 1 }));
    expect(result.data).toMatchObject({ echo: { n: 1 } });
    expect(w.sleeps).toEqual([2_000]);
    expect(w.requests(INVOKE)).toBe(2);
    expect(w.executions()).toBe(1);
  });

  scenario(env, "429 without Retry-After → waits 1 s, 2 requests, ran once, succeeds", async (w) => {
    await warmUp(w);
    w.emulator.fault({ route: INVOKE, status: 429, times: 1 });
    await w.success(w.lp.invoke(LAMBDA, { n: 1 }));
    expect(w.sleeps).toEqual([1_000]);
    expect(w.requests(INVOKE)).toBe(2);
    expect(w.executions()).toBe(1);
  });

  scenario(
    env,
    "429 on every attempt → GatewayError 429 after 3 requests (2 retries), never ran",
    async (w) => {
      await warmUp(w);
      w.emulator.fault({ route: INVOKE, status: 429, retryAfter: 1 });
      const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }));
      expect(error).toMatchObject({ code: "ERR_FAAS_GATEWAY", status: 429, retryAfterMs: 1_000 });
      expect(w.requests(INVOKE)).toBe(3);
      expect(w.sleeps).toEqual([1_000, 1_000]);
      expect(w.executions()).toBe(0);
    },
  );

  scenario(env, "429 with Retry-After: 60 (over maxDelayMs) → not retried, retryAfterMs 60000", async (w) => {
    await warmUp(w);
    w.emulator.fault({ route: INVOKE, status: 429, retryAfter: 60 });
    const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }));
    expect(error).toMatchObject({ code: "ERR_FAAS_GATEWAY", status: 429, retryAfterMs: 60_000 });
    expect(w.requests(INVOKE)).toBe(1);
    expect(w.sleeps).toEqual([]);
  });

  scenario(env, "408 → GatewayError 408, 1 request, never ran, not retried", async (w) => {
    await warmUp(w);
    w.emulator.fault({ route: INVOKE, status: 408 });
    const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }));
    expect(error).toMatchObject({ code: "ERR_FAAS_GATEWAY", status: 408 });
    expect(w.requests(INVOKE)).toBe(1);
    expect(w.executions()).toBe(0);
  });

  scenario(env, "no answer before execution (hang) → TimeoutError, 1 request, never ran", async (w) => {
    await warmUp(w);
    w.emulator.fault({ route: INVOKE, kind: "hang" });
    // The request must reach the emulator (counted below) before the deadline: see HANG_DEADLINE_MS.
    const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }, { timeoutMs: HANG_DEADLINE_MS }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: "ERR_TIMEOUT", timeoutMs: HANG_DEADLINE_MS });
    expect(w.requests(INVOKE)).toBe(1);
    expect(w.executions()).toBe(0);
  });

  scenario(env, "no answer after execution (hang) → TimeoutError, ran once, NOT retried", async (w) => {
    await warmUp(w);
    w.emulator.fault({ route: INVOKE, kind: "hang", afterExecution: true });
    // The emulator must run the function before lpkit gives up: see HANG_DEADLINE_MS.
    const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }, { timeoutMs: HANG_DEADLINE_MS }));
    expect(error).toMatchObject({ code: "ERR_TIMEOUT", timeoutMs: HANG_DEADLINE_MS });
    expect(w.requests(INVOKE)).toBe(1);
    expect(w.executions()).toBe(1);
  });

  scenario(
    env,
    "connection reset before execution → NetworkError (phase unknown), 1 request, not retried",
    async (w) => {
      await warmUp(w);
      w.emulator.fault({ route: INVOKE, kind: "reset" });
      const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }));
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ code: "ERR_NETWORK", phase: "unknown" });
      expect(w.requests(INVOKE)).toBe(1);
      expect(w.executions()).toBe(0);
    },
  );

  scenario(env, "connection reset after execution → NetworkError, ran once, NOT retried", async (w) => {
    await warmUp(w);
    w.emulator.fault({ route: INVOKE, kind: "reset", afterExecution: true });
    const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }));
    expect(error).toMatchObject({ code: "ERR_NETWORK", phase: "unknown" });
    expect(w.requests(INVOKE)).toBe(1);
    expect(w.executions()).toBe(1);
    expect(w.sleeps).toEqual([]);
  });

  scenario(
    env,
    "connection refused (nothing sent) → retried after 200 ms, succeeds, ran once",
    async (w) => {
      await warmUp(w);
      refuser.arm(1, isInvoke);
      const result = await w.success(w.lp.invoke(LAMBDA, { n: 1 }));
      expect(result.status).toBe(200);
      expect(refuser.refused).toBe(1);
      expect(w.sleeps).toEqual([200]);
      expect(w.requests(INVOKE)).toBe(1);
      expect(w.executions()).toBe(1);
    },
    { wrapFetch: (inner) => refuser.wrap(inner) },
  );

  scenario(
    env,
    "connection refused on every attempt → NetworkError (phase connect) after 3 tries, never ran",
    async (w) => {
      await warmUp(w);
      refuser.arm(10, isInvoke);
      const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }));
      expect(error).toMatchObject({ code: "ERR_NETWORK", phase: "connect" });
      expect(error.message).toContain("ECONNREFUSED");
      expect(refuser.refused).toBe(3);
      expect(w.sleeps).toEqual([200, 400]);
      expect(w.requests(INVOKE)).toBe(0);
    },
    { wrapFetch: (inner) => refuser.wrap(inner) },
  );

  scenario(
    env,
    "truncated JSON (function ran) → UnexpectedResponseError, ran once, not retried",
    async (w) => {
      await warmUp(w);
      w.emulator.fault({ route: INVOKE, kind: "truncated-json" });
      const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }));
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect(error).toMatchObject({ code: "ERR_UNEXPECTED_RESPONSE", status: 200 });
      expect(w.requests(INVOKE)).toBe(1);
      expect(w.executions()).toBe(1);
    },
  );

  scenario(env, "malformed JSON with a 200 → UnexpectedResponseError, 1 request", async (w) => {
    await warmUp(w);
    w.emulator.fault({ route: INVOKE, kind: "malformed-json" });
    const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }));
    expect(error).toMatchObject({ code: "ERR_UNEXPECTED_RESPONSE", status: 200 });
    expect(w.requests(INVOKE)).toBe(1);
    expect(w.executions()).toBe(0);
  });

  scenario(env, "HTML 502 page from a proxy → GatewayError 502 with the page title, never ran", async (w) => {
    await warmUp(w);
    w.emulator.fault({ route: INVOKE, kind: "html" });
    const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }));
    expect(error).toMatchObject({ code: "ERR_FAAS_GATEWAY", status: 502, errorCode: undefined });
    expect(error.message).toContain("502 Bad Gateway");
    expect(w.requests(INVOKE)).toBe(1);
    expect(w.executions()).toBe(0);
  });

  scenario(env, "empty body with 502 → GatewayError 502 'empty body', 1 request", async (w) => {
    await warmUp(w);
    w.emulator.fault({ route: INVOKE, kind: "empty-body", status: 502 });
    const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }));
    expect(error).toMatchObject({ code: "ERR_FAAS_GATEWAY", status: 502 });
    expect(error.message).toContain("empty body");
    expect(w.requests(INVOKE)).toBe(1);
  });

  scenario(env, "empty 200 body after execution → success with data undefined, ran once", async (w) => {
    await warmUp(w);
    w.emulator.fault({ route: INVOKE, kind: "empty-body", afterExecution: true });
    const result = await w.success(w.lp.invoke(LAMBDA, { n: 1 }));
    expect(result).toMatchObject({ status: 200, data: undefined });
    expect(w.requests(INVOKE)).toBe(1);
    expect(w.executions()).toBe(1);
  });

  scenario(env, "wrong content type (JSON labelled text/plain) → accepted, ran once", async (w) => {
    await warmUp(w);
    w.emulator.fault({ route: INVOKE, kind: "wrong-content-type" });
    const result = await w.success(w.lp.invoke(LAMBDA, { n: 1 }));
    expect(result.data).toMatchObject({ echo: { n: 1 } });
    expect(w.requests(INVOKE)).toBe(1);
    expect(w.executions()).toBe(1);
  });

  scenario(env, "901 (the function threw) → FunctionError, ran once, never retried", async (w) => {
    await warmUp(w);
    const error = await w.failure(w.lp.invoke(DEMO.failingLambdaUuid, { n: 1 }));
    expect(error).toBeInstanceOf(FunctionError);
    expect(error).toMatchObject({ code: "ERR_FAAS_FUNCTION", status: 901 });
    expect(w.requests(INVOKE)).toBe(1);
    expect(w.executions(DEMO.failingLambdaUuid)).toBe(1);
  });

  scenario(env, "invokeEvent: 500 after execution → GatewayError, ran once, not retried", async (w) => {
    await warmUp(w);
    w.emulator.fault({ route: "faasgw.invokeEvent", status: 500, afterExecution: true });
    const error = await w.failure(w.lp.invokeEvent(DEMO.eventId, { n: 1 }));
    expect(error).toMatchObject({ code: "ERR_FAAS_GATEWAY", status: 500 });
    expect(w.requests("faasgw.invokeEvent")).toBe(1);
    expect(w.executions()).toBe(1);
  });

  scenario(
    env,
    "V2 account: HTML 504 page → GatewayError 504, 1 request, never ran",
    async (w) => {
      await w.success(w.lp.invoke(LAMBDA, { warmUp: true }));
      w.emulator.resetStats();
      w.emulator.fault({ route: INVOKE, kind: "html", status: 504 });
      const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }));
      expect(error).toMatchObject({ code: "ERR_FAAS_GATEWAY", status: 504 });
      expect(w.requests(INVOKE)).toBe(1);
      expect(w.executions()).toBe(0);
    },
    { account: "v2" },
  );

  scenario(
    env,
    "isImplemented (a GET, runs nothing): reset then 503 → retried, true after 3 requests",
    async (w) => {
      await warmUp(w);
      w.emulator.fault({ route: "faasgw.isImplemented", kind: "reset", times: 1 });
      w.emulator.fault({ route: "faasgw.isImplemented", status: 503, times: 1 });
      expect(await w.success(w.lp.isImplemented(DEMO.eventId))).toBe(true);
      expect(w.requests("faasgw.isImplemented")).toBe(3);
      expect(w.sleeps).toEqual([200, 400]);
    },
  );

  scenario(env, "isImplemented: empty 200 body → UnexpectedResponseError, 1 request", async (w) => {
    await warmUp(w);
    w.emulator.fault({ route: "faasgw.isImplemented", kind: "empty-body" });
    const error = await w.failure(w.lp.isImplemented(DEMO.eventId));
    expect(error).toMatchObject({ code: "ERR_UNEXPECTED_RESPONSE", status: 200 });
    expect(w.requests("faasgw.isImplemented")).toBe(1);
  });
});

describe("faasGW invoke — tokens met by a 401", () => {
  scenario(env, "revoked token (401 once) → new token, replayed once, ran once", async (w) => {
    await warmUp(w);
    w.clock.advance(1_000); // a token issued a second later differs from the revoked one
    w.emulator.fault({ route: INVOKE, status: 401, times: 1 });
    const result = await w.success(w.lp.invoke(LAMBDA, { n: 1 }));
    expect(result.status).toBe(200);
    expect(w.requests(INVOKE)).toBe(2);
    expect(w.tokensIssued()).toBe(1);
    expect(w.executions()).toBe(1);
    expect(w.events.map((e) => e.type)).toContain("token-invalidated");
  });

  scenario(
    env,
    "expired token (lpkit's clock 10 min behind faasGW) → 401 → refresh → replayed once",
    async (w) => {
      await warmUp(w);
      w.emulator.clock.advance(10 * 60_000); // faasGW runs 10 minutes ahead of lpkit
      w.clock.advance(52 * 60_000); // lpkit: 8 min left on the token; faasGW: expired 2 min ago
      const result = await w.success(w.lp.invoke(LAMBDA, { n: 1 }));
      expect(result.status).toBe(200);
      expect(w.answered(INVOKE, 401)).toBe(1);
      expect(w.requests(INVOKE)).toBe(2);
      expect(w.tokensIssued()).toBe(1);
      expect(w.executions()).toBe(1);
    },
  );

  scenario(
    env,
    "lpkit's clock 5 min ahead of faasGW → refreshes early, never sends an expired token (no 401)",
    async (w) => {
      w.emulator.clock.advance(-5 * 60_000); // faasGW runs 5 minutes behind lpkit
      await warmUp(w);
      for (let minute = 0; minute < 130; minute += 5) {
        w.clock.advance(5 * 60_000);
        await w.success(w.lp.invoke(LAMBDA, { minute }));
      }
      expect(w.answered(INVOKE, 401)).toBe(0);
      expect(w.answered(INVOKE, 200)).toBe(26);
      // A 60-minute token, refreshed in the background 5 minutes (lpkit time) before it expires.
      expect(w.tokensIssued()).toBe(2);
      expect(w.requests("sentinel.token.v2")).toBe(2);
    },
  );

  scenario(
    env,
    "401 on every request (app revoked) → replayed once only: GatewayError 401 after 2 requests",
    async (w) => {
      await warmUp(w);
      w.clock.advance(1_000);
      w.emulator.fault({ route: INVOKE, status: 401 });
      const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }));
      expect(error).toMatchObject({ code: "ERR_FAAS_GATEWAY", status: 401 });
      expect(w.requests(INVOKE)).toBe(2);
      expect(w.tokensIssued()).toBe(1);
      expect(w.executions()).toBe(0);
    },
  );

  scenario(
    env,
    "401 and Sentinel hands out the same token again → the 401 is passed on, no loop",
    async (w) => {
      await warmUp(w);
      // Same emulator second: the new token is byte-for-byte the old one, so replaying cannot help.
      w.emulator.fault({ route: INVOKE, status: 401, times: 1 });
      const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }));
      expect(error).toMatchObject({ code: "ERR_FAAS_GATEWAY", status: 401 });
      expect(w.requests(INVOKE)).toBe(1);
      expect(w.tokensIssued()).toBe(1);
    },
  );

  scenario(
    env,
    "Sentinel down while invoking (503 ×3) → TokenRequestError, faasGW never called",
    async (w) => {
      w.emulator.fault({ route: "sentinel.token.v2", status: 503 });
      const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }));
      expect(error).toBeInstanceOf(TokenRequestError);
      expect(error).toMatchObject({ code: "ERR_TOKEN_REQUEST", status: 503, retryable: true });
      expect(w.requests("sentinel.token.v2")).toBe(3);
      expect(w.requests(INVOKE)).toBe(0);
      expect(w.executions()).toBe(0);
    },
  );
});

describe("faasGW invoke — Sentinel faults met while invoking", () => {
  scenario(
    env,
    "Sentinel never answers while an invoke waits for its token → TimeoutError (not AbortError), faasGW never called",
    async (w) => {
      w.emulator.fault({ route: "sentinel.token.v2", kind: "hang" });
      const error = await w.failure(w.lp.invoke(LAMBDA, { n: 1 }, { timeoutMs: 100 }));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toMatchObject({ code: "ERR_TIMEOUT", timeoutMs: 100 });
      expect(w.requests(INVOKE)).toBe(0);
      expect(w.executions()).toBe(0);
    },
  );

  scenario(env, "Sentinel 503 once while invoking → token retried, invoke succeeds, ran once", async (w) => {
    w.emulator.fault({ route: "sentinel.token.v2", status: 503, times: 1 });
    await w.success(w.lp.invoke(LAMBDA, { n: 1 }));
    expect(w.requests("sentinel.token.v2")).toBe(2);
    expect(w.requests(INVOKE)).toBe(1);
    expect(w.executions()).toBe(1);
  });
});

describe("faasGW invoke — opt-in retries for idempotent functions", () => {
  scenario(
    env,
    "idempotent: reset after execution → retried once, ran twice (as opted in), succeeds",
    async (w) => {
      await warmUp(w);
      w.emulator.fault({ route: INVOKE, kind: "reset", afterExecution: true, times: 1 });
      const result = await w.success(w.lp.invoke(LAMBDA, { n: 1 }, { idempotent: true }));
      expect(result.status).toBe(200);
      expect(w.requests(INVOKE)).toBe(2);
      expect(w.executions()).toBe(2);
      expect(w.sleeps).toEqual([200]);
    },
  );

  scenario(
    env,
    "idempotent (client-wide): no answer after execution → retried, ran twice, succeeds",
    async (w) => {
      await warmUp(w);
      w.emulator.fault({ route: INVOKE, kind: "hang", afterExecution: true, times: 1 });
      // The first attempt waits it out, after running; the retry must succeed within it: see HANG_DEADLINE_MS.
      await w.success(w.lp.invoke(LAMBDA, { n: 1 }, { timeoutMs: HANG_DEADLINE_MS }));
      expect(w.requests(INVOKE)).toBe(2);
      expect(w.executions()).toBe(2);
    },
    { faas: { retry: { idempotent: true } } },
  );

  scenario(env, "idempotent: 503 before execution → retried after Retry-After, ran once", async (w) => {
    await warmUp(w);
    w.emulator.fault({ route: INVOKE, status: 503, retryAfter: 1, times: 1 });
    await w.success(w.lp.invoke(LAMBDA, { n: 1 }, { idempotent: true }));
    expect(w.sleeps).toEqual([1_000]);
    expect(w.requests(INVOKE)).toBe(2);
    expect(w.executions()).toBe(1);
  });

  scenario(
    env,
    "idempotent: a 901 is still never retried; idempotent: false on the call wins over the client",
    async (w) => {
      await warmUp(w);
      expect(await w.failure(w.lp.invoke(DEMO.failingLambdaUuid, {}))).toBeInstanceOf(FunctionError);
      expect(w.executions(DEMO.failingLambdaUuid)).toBe(1);
      w.emulator.fault({ route: INVOKE, kind: "reset", afterExecution: true, times: 1 });
      const error = await w.failure(w.lp.invoke(LAMBDA, {}, { idempotent: false }));
      expect(error).toMatchObject({ code: "ERR_NETWORK", phase: "unknown" });
      expect(w.executions()).toBe(1);
      expect(w.requests(INVOKE)).toBe(2);
    },
    { faas: { retry: { idempotent: true } } },
  );
});
