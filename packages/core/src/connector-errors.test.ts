import { inspect } from "node:util";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type AnyLpkitError,
  AppJwtMissingError,
  AppJwtRejectedError,
  ConnectorAnswerError,
  ConnectorApiError,
  ConnectorAuthError,
  ConnectorMissingParameterError,
  ConnectorRequestError,
  ConnectorUnauthorizedError,
  ConsumerJwsMissingError,
  ConsumerJwsRejectedError,
  ConsumerJwsRequestError,
  ConversationAlreadyOpenError,
  ConversationClosedError,
  isLpkitError,
  LpkitError,
  type LpkitErrorCode,
  ResponseError,
  WebhookBodyError,
  WebhookBodyTooLargeError,
  type WebhookError,
  WebhookHeaderError,
  WebhookMethodError,
  WebhookOriginError,
  WebhookPayloadError,
  WebhookSignatureError,
  WebhookUnavailableError,
} from "./index.js";

const auth = { status: 401, requestId: "r-1" };

describe("Connector API errors", () => {
  it("maps each documented errorCode to its own class, code, literal name and renewal hint", () => {
    const cases = [
      [new AppJwtRejectedError("x", { ...auth, errorCode: 40102 }), "ERR_APP_JWT_REJECTED", "appJwt"],
      [new AppJwtMissingError("x", { ...auth, errorCode: 40105 }), "ERR_APP_JWT_MISSING", "appJwt"],
      [
        new ConsumerJwsRejectedError("x", { ...auth, errorCode: 40103 }),
        "ERR_CONSUMER_JWS_REJECTED",
        "consumerJws",
      ],
      [
        new ConsumerJwsMissingError("x", { ...auth, errorCode: 40104 }),
        "ERR_CONSUMER_JWS_MISSING",
        undefined,
      ],
      [
        new ConnectorMissingParameterError("x", { status: 400, errorCode: 40001 }),
        "ERR_CONNECTOR_MISSING_PARAMETER",
        undefined,
      ],
      [new ConnectorUnauthorizedError("x", auth), "ERR_CONNECTOR_UNAUTHORIZED", "appJwt"],
    ] as const;
    const codes = new Set<string>();
    for (const [error, code, renew] of cases) {
      expect(error).toBeInstanceOf(ConnectorAuthError);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error).toBeInstanceOf(LpkitError);
      expect(error.code).toBe(code);
      expect(error.renew).toBe(renew);
      expect(error.name).toBe(error.constructor.name);
      codes.add(error.code);
    }
    expect(codes.size).toBe(cases.length);
    expect(new AppJwtRejectedError("x", { ...auth, errorCode: 40102 }).errorCode).toBe(40102);
  });

  it("keeps the name when the class name is lost (minified bundles)", () => {
    class Renamed extends ConsumerJwsRejectedError {}
    Object.defineProperty(Renamed, "name", { value: "a" });
    expect(new Renamed("x", auth).name).toBe("ConsumerJwsRejectedError");
  });

  it("tells a failed request from an already open and a closed conversation", () => {
    const init = {
      status: 400,
      requestType: "cm.ConsumerRequestConversation",
      reqId: "2",
      answerCode: "BAD_REQUEST",
      serverMessage: "already open",
    };
    const open = new ConversationAlreadyOpenError("x", init);
    const closed = new ConversationClosedError("x", init);
    const failed = new ConnectorRequestError("x", init);
    for (const error of [open, closed, failed]) {
      expect(error).toBeInstanceOf(ConnectorAnswerError);
      expect(error.reqId).toBe("2");
      expect(error.answerCode).toBe("BAD_REQUEST");
      expect(error.requestType).toBe("cm.ConsumerRequestConversation");
    }
    expect([open.code, closed.code, failed.code]).toEqual([
      "ERR_CONVERSATION_ALREADY_OPEN",
      "ERR_CONVERSATION_CLOSED",
      "ERR_CONNECTOR_REQUEST",
    ]);
    expect(open).not.toBeInstanceOf(ConnectorRequestError);
  });

  it("marks HTTP failures retryable by status and keeps Retry-After", () => {
    expect(new ConnectorApiError("x", { status: 429, retryAfterMs: 1000 })).toMatchObject({
      retryable: true,
      retryAfterMs: 1000,
      name: "ConnectorApiError",
    });
    expect(new ConnectorApiError("x", { status: 403 }).retryable).toBe(false);
    const idp = new ConsumerJwsRequestError("x", { status: 500, internalErrorCode: "9007" });
    expect(idp).toMatchObject({
      retryable: true,
      internalErrorCode: "9007",
      code: "ERR_CONSUMER_JWS_REQUEST",
    });
  });

  it("gives every webhook refusal the status the receiver answers", () => {
    const refusals: [WebhookError, number, string][] = [
      [new WebhookMethodError("only POST", 405), 405, "ERR_WEBHOOK_METHOD"],
      [new WebhookHeaderError("x-liveperson-signature", "missing"), 400, "ERR_WEBHOOK_HEADER"],
      [new WebhookOriginError("x-liveperson-client-id", "other app"), 403, "ERR_WEBHOOK_ORIGIN"],
      [new WebhookSignatureError("mismatch", "no match"), 401, "ERR_WEBHOOK_SIGNATURE"],
      [new WebhookBodyTooLargeError(1024), 413, "ERR_WEBHOOK_BODY_TOO_LARGE"],
      [new WebhookBodyError("utf8", "not UTF-8"), 400, "ERR_WEBHOOK_BODY"],
      [new WebhookBodyError("timeout", "too slow"), 408, "ERR_WEBHOOK_BODY"],
      [new WebhookPayloadError("body.changes", "not an array"), 400, "ERR_WEBHOOK_PAYLOAD"],
      [new WebhookUnavailableError("overloaded", "busy", 5), 503, "ERR_WEBHOOK_UNAVAILABLE"],
    ];
    for (const [error, status, code] of refusals) {
      expect(error.status).toBe(status);
      expect(error.code).toBe(code);
      expect(error.name).toBe(error.constructor.name);
      expect(isLpkitError(error)).toBe(true);
    }
    expect(new WebhookPayloadError("body.changes[1]", "no event").message).toBe("body.changes[1]: no event");
    expect(new WebhookUnavailableError("closed", "closing", 2).retryAfterSeconds).toBe(2);
  });

  it("prints like the other lpkit errors", () => {
    const text = inspect(new ConsumerJwsRejectedError("the ConsumerJWS was rejected", auth));
    expect(text).toContain("ConsumerJwsRejectedError: the ConsumerJWS was rejected");
    expect(text).toContain("ERR_CONSUMER_JWS_REJECTED");
  });

  it("joins the AnyLpkitError union, so switch (err.code) narrows", () => {
    const err: unknown = new ConversationAlreadyOpenError("x", { status: 400, reqId: "2" });
    expectTypeOf<"ERR_CONVERSATION_ALREADY_OPEN">().toExtend<LpkitErrorCode>();
    expectTypeOf<"ERR_WEBHOOK_SIGNATURE">().toExtend<LpkitErrorCode>();
    if (isLpkitError(err)) {
      expectTypeOf(err).toEqualTypeOf<AnyLpkitError>();
      if (err.code === "ERR_CONVERSATION_ALREADY_OPEN") {
        expectTypeOf(err).toEqualTypeOf<ConversationAlreadyOpenError>();
        expect(err.reqId).toBe("2");
      } else {
        expect.unreachable();
      }
    } else {
      expect.unreachable();
    }
  });
});
