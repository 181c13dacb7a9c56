import {
  FunctionError,
  GatewayError,
  JwtSignatureError,
  NetworkError,
  ServiceNotFoundError,
  TokenRequestError,
} from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { describeError } from "./describe-error.js";

describe("describeError", () => {
  it("names the variable to check in live mode", () => {
    const refused = describeError(
      new TokenRequestError("refused", { status: 401, oauthError: "invalid_client" }),
      "live",
      [],
    );
    expect(refused).toMatchObject({ name: "TokenRequestError", code: "ERR_TOKEN_REQUEST", status: 401 });
    expect(refused.hint).toContain("LP_CLIENT_SECRET");
    expect(describeError(new ServiceNotFoundError("1", "faasGW"), "live", []).hint).toContain(
      "LP_ACCOUNT_ID",
    );
    expect(describeError(new GatewayError("x", { status: 404 }), "live", []).hint).toContain(
      "LP_LAMBDA_UUID",
    );
    expect(describeError(new NetworkError("x", "connect"), "live", []).hint).toContain("LP_DOMAIN_API");
  });

  it("does not point at LP_* variables offline", () => {
    expect(describeError(new TokenRequestError("x", { status: 401 }), "emulator", []).hint).toBeUndefined();
    expect(describeError(new JwtSignatureError("x"), "emulator", []).hint).toContain("new keys on every run");
  });

  it("carries faasGW codes and logs", () => {
    const report = describeError(
      new FunctionError("failed", {
        status: 901,
        errorCode: "com.customer.faas.function.threw-error",
        logs: [{ message: "boom" }],
      }),
      "emulator",
      [],
    );
    expect(report).toMatchObject({
      status: 901,
      errorCode: "com.customer.faas.function.threw-error",
      logs: [{ message: "boom" }],
    });
  });

  it("redacts secrets and tokens from any message", () => {
    const report = describeError(new Error("leaked hunter2-secret and eyJabcd.eyJefgh.sig"), "live", [
      "hunter2-secret",
    ]);
    expect(report).toEqual({
      name: "Error",
      code: "ERR_UNKNOWN",
      message: "leaked [REDACTED] and [REDACTED]",
    });
    expect(describeError("boom", "live", [])).toEqual({
      name: "string",
      code: "ERR_UNKNOWN",
      message: "a non-Error value was thrown",
    });
  });
});
