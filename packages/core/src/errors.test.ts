import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type AnyLpkitError,
  FaasError,
  FunctionError,
  GatewayError,
  InvalidArgumentError,
  isLpkitError,
  JwksFetchError,
  LpkitError,
  type LpkitErrorCode,
  ResponseError,
  StoreError,
  TokenRequestError,
  UnexpectedResponseError,
} from "./index.js";

describe("error hierarchy", () => {
  it("gives every error a stable code, its class name and the base class", () => {
    const err = new TokenRequestError("Sentinel refused the client", {
      status: 401,
      oauthError: "invalid_client",
      errorDescription: "bad credentials",
    });
    expect(err).toBeInstanceOf(LpkitError);
    expect(err).toBeInstanceOf(ResponseError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("TokenRequestError");
    expect(err.code).toBe("ERR_TOKEN_REQUEST");
    expect(err.retryable).toBe(false);
    expect(err.oauthError).toBe("invalid_client");
    // The pre-0.2 name still reads, as a deprecated alias that is not an own property.
    expect(err.error).toBe("invalid_client");
    expect(Object.keys(err)).not.toContain("error");
    expect(new TokenRequestError("x", { status: 503 }).retryable).toBe(true);
  });

  it("tells a function failure from a gateway failure", () => {
    const fn = new FunctionError("failed", {
      status: 901,
      errorCode: "com.customer.faas.function.threw-error",
    });
    const gw = new GatewayError("missing", {
      status: 404,
      errorCode: "com.liveperson.faas.es.missinglambda",
    });
    expect(fn.code).toBe("ERR_FAAS_FUNCTION");
    expect(gw.code).toBe("ERR_FAAS_GATEWAY");
    expect(fn.logs).toEqual([]);
    expect(fn).not.toBeInstanceOf(GatewayError);
  });

  it("names every class literally on its prototype, so minified bundles keep readable names", () => {
    const errors = [
      new InvalidArgumentError("a", "b"),
      new TokenRequestError("x", { status: 400 }),
      new GatewayError("x", { status: 502 }),
      new FunctionError("x", { status: 901 }),
      new JwksFetchError("x", { status: 503, retryAfterMs: 3_000 }),
      new UnexpectedResponseError("x", { status: 200 }),
    ];
    for (const error of errors) {
      expect(error.name).toBe(error.constructor.name);
      expect(Object.hasOwn(error, "name")).toBe(false);
      expect(String(error)).toMatch(new RegExp(`^${error.constructor.name}: `));
    }
  });

  it("declares retryAfterMs once, on ResponseError; FaasError is the faasGW base", () => {
    const jwks = new JwksFetchError("x", { status: 429, retryAfterMs: 3_000 });
    expect(jwks).toBeInstanceOf(ResponseError);
    expect(jwks).toMatchObject({ status: 429, retryAfterMs: 3_000 });
    const gateway = new GatewayError("x", { status: 429, retryAfterMs: 1_000 });
    expect(gateway).toBeInstanceOf(FaasError);
    expect(new FunctionError("x", { status: 901 })).toBeInstanceOf(FaasError);
    expect(gateway.retryAfterMs).toBe(1_000);
    expect(new TokenRequestError("x", { status: 503, retryAfterMs: 2 }).retryAfterMs).toBe(2);
  });

  it("narrows the union on code", () => {
    const err: unknown = new InvalidArgumentError("accountId", "bad");
    if (isLpkitError(err)) {
      expectTypeOf(err).toEqualTypeOf<AnyLpkitError>();
      expectTypeOf(err.code).toEqualTypeOf<LpkitErrorCode>();
      if (err.code === "ERR_INVALID_ARGUMENT") {
        expectTypeOf(err).toEqualTypeOf<InvalidArgumentError>();
        expect(err.argument).toBe("accountId");
      }
    } else {
      expect.unreachable();
    }
    expect(isLpkitError(new Error("x"))).toBe(false);
  });

  it("describes a store failure by reason and operation", () => {
    const err: unknown = new StoreError("Redis did not answer `get` within 1000 ms", {
      reason: "timeout",
      operation: "get",
      timeoutMs: 1000,
    });
    expect(err).toBeInstanceOf(LpkitError);
    if (isLpkitError(err) && err.code === "ERR_STORE") {
      expectTypeOf(err).toEqualTypeOf<StoreError>();
      expect([err.reason, err.operation, err.timeoutMs, err.redisCode]).toEqual([
        "timeout",
        "get",
        1000,
        undefined,
      ]);
      expect(err.name).toBe("StoreError");
    } else {
      expect.unreachable();
    }
  });
});
