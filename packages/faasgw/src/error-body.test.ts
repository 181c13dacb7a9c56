import { FunctionError, GatewayError, REDACTED } from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { isFunctionErrorCode, normaliseLogs, toFaasError } from "./error-body.js";

const base = { what: "faasGW invoke", requestId: "req-1", retryAfterMs: undefined, secrets: [] as string[] };

describe("isFunctionErrorCode", () => {
  it.each([
    ["com.customer.faas.function.threw-error", true],
    ["com.customer.faas.function.js-runtime-error", true],
    ["com.liveperson.faas.handler.custom-failure", true],
    ["com.liveperson.faas.handler.executiontime-exceeded", true],
    ["com.liveperson.faas.es.missinglambda", false],
    ["com.liveperson.faas.function.not-found", false],
    ["com.liveperson.faas.evg.general", false],
    ["com.customer.faasX", false],
    [undefined, false],
  ] as const)("%s → %s", (code, expected) => {
    expect(isFunctionErrorCode(code)).toBe(expected);
  });
});

describe("toFaasError", () => {
  it("maps a V2 901 body to a FunctionError with every field", () => {
    const error = toFaasError({
      ...base,
      status: 901,
      text: JSON.stringify({ code: "com.customer.faas.function.threw-error", message: "something wrong" }),
    });
    expect(error).toBeInstanceOf(FunctionError);
    expect(error).toMatchObject({
      code: "ERR_FAAS_FUNCTION",
      status: 901,
      requestId: "req-1",
      errorCode: "com.customer.faas.function.threw-error",
      errorMessage: "something wrong",
      logs: [],
      retryAfterMs: undefined,
    });
    expect(error.message).toBe(
      "faasGW invoke failed (status 901, function error): com.customer.faas.function.threw-error: something wrong",
    );
  });

  it("maps a V1 handler code to a FunctionError whatever the status, normalising errorLogs", () => {
    const error = toFaasError({
      ...base,
      status: 500,
      text: JSON.stringify({
        errorCode: "com.liveperson.faas.handler.custom-failure",
        errorMsg: "failed",
        errorLogs: [{ level: "Error", message: "boom", timestamp: 1700000000123, extras: ["a", "b"] }],
      }),
    });
    expect(error).toBeInstanceOf(FunctionError);
    expect(error.logs).toEqual([
      { level: "Error", message: "boom", timestamp: 1700000000123, extras: ["a", "b"] },
    ]);
  });

  it("treats status 901 as a function error even without a recognised code or body", () => {
    expect(toFaasError({ ...base, status: 901, text: "" })).toBeInstanceOf(FunctionError);
    expect(
      toFaasError({ ...base, status: 901, text: '{"code":"com.liveperson.faas.evg.general","message":"m"}' }),
    ).toBeInstanceOf(FunctionError);
  });

  it("maps gateway codes to a GatewayError", () => {
    const error = toFaasError({
      ...base,
      status: 404,
      text: JSON.stringify({ errorCode: "com.liveperson.faas.es.missinglambda", errorMsg: "no such lambda" }),
    });
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({
      code: "ERR_FAAS_GATEWAY",
      status: 404,
      errorCode: "com.liveperson.faas.es.missinglambda",
    });
  });

  it("maps HTML and empty bodies to a GatewayError with a snippet", () => {
    const html = toFaasError({
      ...base,
      status: 502,
      text: "<html>\n<body><h1>502 Bad Gateway</h1></body></html>",
    });
    expect(html).toBeInstanceOf(GatewayError);
    expect(html.errorCode).toBeUndefined();
    expect(html.message).toBe(
      "faasGW invoke failed (status 502, gateway error): body: <html> <body><h1>502 Bad Gateway</h1></body></html>",
    );
    const empty = toFaasError({ ...base, status: 504, text: "" });
    expect(empty).toBeInstanceOf(GatewayError);
    expect(empty.message).toContain("empty body");
  });

  it("shortens long bodies in the message", () => {
    const error = toFaasError({ ...base, status: 500, text: `<p>${"x".repeat(5000)}</p>` });
    expect(error.message.length).toBeLessThan(400);
    expect(error.message.endsWith("…")).toBe(true);
  });

  it("keeps JSON that is not an error object as a snippet", () => {
    const error = toFaasError({ ...base, status: 500, text: '["not", "an", "object"]' });
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.message).toContain('body: ["not", "an", "object"]');
  });

  it("never echoes the Authorization value or JWTs", () => {
    const header = "Bearer s3cr3t-token-value";
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJsZTEifQ.c2lnbmF0dXJl";
    const error = toFaasError({
      ...base,
      status: 400,
      text: `<pre>Authorization: ${header} ${jwt}</pre>`,
      secrets: [header, "s3cr3t-token-value"],
    });
    expect(error.message).not.toContain("s3cr3t");
    expect(error.message).not.toContain(jwt);
    expect(error.message).toContain(REDACTED);
    const json = toFaasError({
      ...base,
      status: 401,
      text: JSON.stringify({ code: "com.liveperson.faas.evg.general", message: `bad token ${jwt}` }),
    });
    expect(json.errorMessage).toBe(`bad token ${REDACTED}`);
    expect(json.message).not.toContain(jwt);
  });

  it("carries Retry-After", () => {
    const error = toFaasError({ ...base, status: 429, text: "", retryAfterMs: 1500 });
    expect(error.retryAfterMs).toBe(1500);
  });
});

describe("normaliseLogs", () => {
  it("keeps well-typed fields, converts numeric string timestamps, drops junk", () => {
    expect(
      normaliseLogs(
        [
          { level: "Info", message: "a", timestamp: "1700000000000", extras: [] },
          "plain line",
          { level: 3, message: null, timestamp: "soon" },
          42,
          null,
        ],
        [],
      ),
    ).toEqual([
      { level: "Info", message: "a", timestamp: 1700000000000, extras: [] },
      { message: "plain line" },
      {},
    ]);
    expect(normaliseLogs("nope", [])).toEqual([]);
    expect(normaliseLogs(undefined, [])).toEqual([]);
  });
});
