import { inspect } from "node:util";
import { ConsumerJwsRequestError, UnexpectedResponseError } from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { parseConsumerJwsAnswer } from "./consumer-jws-answer.js";
import { answer, DOC_JWS, jws } from "./test-support/fixtures.js";

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("parseConsumerJwsAnswer", () => {
  it("returns the token and its decoded claims on 201, and on any other 2xx", () => {
    for (const status of [201, 200]) {
      const result = parseConsumerJwsAnswer(answer(status, { token: DOC_JWS }));
      expect(result.token).toBe(DOC_JWS);
      expect(result.claims.account_id).toBe("le31457780");
      expect(result.header.kid).toBe("appjwt-13-05-17");
    }
  });

  it("never prints the token", () => {
    const result = parseConsumerJwsAnswer(answer(201, { token: DOC_JWS }));
    const signature = DOC_JWS.split(".")[2] ?? "";
    for (const text of [
      inspect(result),
      JSON.stringify(result),
      String(Object.values(JSON.parse(JSON.stringify(result)))),
    ]) {
      expect(text).not.toContain(signature.slice(0, 16));
    }
  });

  it("refuses a success without a decodable ConsumerJWS, and keeps the body out of the error", () => {
    const undecodable = `${DOC_JWS.split(".")[0]}.${Buffer.from("{}").toString("base64url")}.secret-signature-part`;
    const cases = [
      answer(201, "<html>oops</html>"),
      answer(201, [DOC_JWS]),
      answer(201, { access_token: DOC_JWS }),
      answer(201, { token: "" }),
      answer(201, { token: undecodable }),
      { status: 201, text: undefined },
      { ...answer(201, { token: DOC_JWS }), tooLarge: true },
    ];
    for (const input of cases) {
      const error = thrown(() => parseConsumerJwsAnswer(input));
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      const text = inspect(error, { depth: 5 });
      expect(text).not.toContain("secret-signature-part");
      expect(text).not.toContain(DOC_JWS.split(".")[2]?.slice(0, 16));
      expect((error as UnexpectedResponseError).status).toBe(201);
    }
  });

  it("turns failure statuses into ConsumerJwsRequestError with the internal code and Retry-After", () => {
    const reported = thrown(() => parseConsumerJwsAnswer(answer(500, { internalErrorCode: "9007" })));
    expect(reported).toBeInstanceOf(ConsumerJwsRequestError);
    expect(reported).toMatchObject({
      status: 500,
      internalErrorCode: "9007",
      retryable: true,
      requestId: "req-1",
    });
    expect((reported as Error).message).toBe(
      "the IdP refused the ConsumerJWS request: HTTP 500 (internalErrorCode 9007)",
    );

    const limited = thrown(() =>
      parseConsumerJwsAnswer(answer(429, "Too Many Requests", { "retry-after": "2" })),
    );
    expect(limited).toMatchObject({
      status: 429,
      retryAfterMs: 2000,
      retryable: true,
      internalErrorCode: undefined,
    });

    const dated = thrown(() =>
      parseConsumerJwsAnswer(answer(503, "", { "retry-after": "Wed, 01 Jan 2025 00:00:05 GMT" }), {
        now: () => Date.UTC(2025, 0, 1),
      }),
    );
    expect(dated).toMatchObject({ retryAfterMs: 5000 });

    const unauthorized = thrown(() => parseConsumerJwsAnswer(answer(401, { internalErrorCode: 1002 })));
    expect(unauthorized).toMatchObject({ status: 401, internalErrorCode: "1002", retryable: false });
  });

  it("does not follow or trust redirects", () => {
    const error = thrown(() =>
      parseConsumerJwsAnswer(answer(302, "", { location: "https://elsewhere.example/x" })),
    );
    expect(error).toBeInstanceOf(ConsumerJwsRequestError);
    expect((error as Error).message).toContain("redirect (HTTP 302)");
  });

  it("drops an internalErrorCode that could carry anything but a code", () => {
    const error = thrown(() => parseConsumerJwsAnswer(answer(400, { internalErrorCode: jws({ a: 1 }) })));
    expect(error).toMatchObject({ internalErrorCode: undefined });
    expect(inspect(error)).not.toContain("eyJ");
  });
});
