// Every response example of CONVERSATION and SEND through the parsers, then the cases the spec's
// examples do not show (reqId mismatch, malformed successes, redirects, redaction).
import {
  AppJwtMissingError,
  AppJwtRejectedError,
  ConnectorApiError,
  ConnectorMissingParameterError,
  ConnectorRequestError,
  ConnectorUnauthorizedError,
  ConsumerJwsMissingError,
  ConsumerJwsRejectedError,
  ConversationAlreadyOpenError,
  ConversationClosedError,
  UnexpectedResponseError,
} from "@lpkit/core";
import { describe, expect, it } from "vitest";
import {
  closeConversation,
  conversationBatch,
  parseConversationAnswer,
  parseSendAnswer,
  publishText,
  requestUploadUrl,
  temporaryFileUrl,
} from "./index.js";
import { responseExamples } from "./test-support/spec.js";
import type { SendApiAnswer, SendRequest } from "./types.js";

const conversationId = "3f7c1b2a-9d4e-4c5f-8a6b-0e1d2c3b4a59";
const json = (status: number, value: unknown, headers: Record<string, string> = {}): SendApiAnswer => ({
  status,
  text: typeof value === "string" ? value : JSON.stringify(value),
  headers: new Headers(headers),
  requestId: "rq-1",
});
const thrown = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};
const statusOf = (status: string) => (status === "default" ? 502 : Number(status));

/** What each documented answer must become. */
const EXPECTED: Record<string, unknown> = {
  "40001": ConnectorMissingParameterError,
  "40102": AppJwtRejectedError,
  "40103": ConsumerJwsRejectedError,
  "40104": ConsumerJwsMissingError,
  "40105": AppJwtMissingError,
};
const byErrorCode = (value: unknown) =>
  EXPECTED[String((value as { body?: { errorCode?: unknown } }).body?.errorCode)];

describe("CONVERSATION answers in the spec", () => {
  const batchFor = (value: unknown) => {
    const ids = Array.isArray(value) ? value.map((entry) => (entry as { reqId: string }).reqId) : ["1", "2"];
    return conversationBatch({
      request: { brandId: "12345678" },
      ids: { profile: ids[0], request: ids[1] ?? "2", firstMessage: ids[2] },
      ...(ids.length === 3 ? { firstMessage: "Hello" } : {}),
    });
  };
  for (const { status, examples } of responseExamples("createConversation")) {
    for (const example of examples) {
      it(`${status} ${example.name}`, () => {
        const headers: Record<string, string> =
          status === "429" || status === "503" ? { "retry-after": "1" } : {};
        const answer = json(statusOf(status), example.value, headers);
        const batch = batchFor(example.value);
        const error = thrown(() => parseConversationAnswer(answer, batch));
        if (example.name === "created" || example.name === "createdWithFirstMessage") {
          expect(error).toBeUndefined();
          const outcome = parseConversationAnswer(answer, batch);
          expect(outcome.conversationId).toBe(conversationId);
          expect(outcome.profile?.code).toBe("OK");
          expect(outcome.firstMessage?.body?.sequence).toBe(example.name === "created" ? undefined : 0);
        } else if (example.name.startsWith("alreadyOpen")) {
          expect(error).toBeInstanceOf(ConversationAlreadyOpenError);
          expect(error).toMatchObject({
            reqId: "2",
            answerCode: "BAD_REQUEST",
            requestType: "cm.ConsumerRequestConversation",
          });
        } else if (example.name === "invalidBatch") {
          expect(error).toBeInstanceOf(ConnectorRequestError);
          expect(error).toMatchObject({
            requestType: "userprofile.SetUserProfile",
            serverMessage: "Bad Request",
          });
        } else if (byErrorCode(example.value)) {
          expect(error).toBeInstanceOf(byErrorCode(example.value) as never);
        } else if (status === "401") {
          expect(error).toBeInstanceOf(ConnectorUnauthorizedError);
        } else {
          expect(error).toBeInstanceOf(ConnectorApiError);
          expect((error as ConnectorApiError).status).toBe(statusOf(status));
          expect((error as ConnectorApiError).retryable).toBe(status !== "403");
          if (status === "429") {
            expect((error as ConnectorApiError).retryAfterMs).toBe(1000);
          }
        }
      });
    }
  }
});

describe("SEND answers in the spec", () => {
  const requestFor = (name: string, reqId: string): SendRequest => {
    if (name === "uploadUrl") {
      return requestUploadUrl({ id: reqId, fileSize: 10, fileType: "PNG" });
    }
    if (name === "closed") {
      return closeConversation({ id: reqId, conversationId });
    }
    return publishText({ id: reqId, conversationId, text: "hi" });
  };
  for (const { status, examples } of responseExamples("sendRequest")) {
    for (const example of examples) {
      it(`${status} ${example.name}`, () => {
        const reqId = String((example.value as { reqId?: unknown })?.reqId ?? "5");
        const answer = json(statusOf(status), example.value);
        const request = requestFor(example.name, reqId);
        const error = thrown(() => parseSendAnswer(answer, request));
        if (status === "200") {
          expect(error).toBeUndefined();
          expect(String(parseSendAnswer(answer, request).reqId)).toBe(reqId);
        } else if (example.name === "tooLarge") {
          expect(error).toBeInstanceOf(ConnectorRequestError);
          expect(error).toMatchObject({
            answerCode: "BAD_REQUEST",
            requestType: "ms.PublishEvent",
            status: 400,
          });
        } else if (example.name === "closedConversation") {
          expect(error).toBeInstanceOf(ConversationClosedError);
        } else if (byErrorCode(example.value)) {
          expect(error).toBeInstanceOf(byErrorCode(example.value) as never);
        } else {
          expect(error).toBeInstanceOf(status === "401" ? ConnectorUnauthorizedError : ConnectorApiError);
        }
      });
    }
  }
});

describe("answers the spec's examples do not show", () => {
  const request = publishText({ id: "5", conversationId, text: "hi" });
  const batch = conversationBatch({ request: { brandId: "1" }, ids: { profile: "a", request: "b" } });

  it("locates the conversation answer by reqId, whatever the order", () => {
    const answers = [
      { code: "OK", body: { conversationId }, reqId: "b" },
      { code: "OK", body: { msg: "ok" }, reqId: "a" },
    ];
    expect(parseConversationAnswer(json(200, answers), batch)).toMatchObject({
      conversationId,
      profile: answers[1],
    });
  });

  it("falls back to the documented order only when no entry has a reqId", () => {
    const answers = [
      { code: "OK", body: {} },
      { code: "OK", body: { conversationId } },
    ];
    expect(parseConversationAnswer(json(200, answers), batch).conversationId).toBe(conversationId);
    const other = [{ code: "OK", body: { conversationId }, reqId: "zzz" }];
    expect(thrown(() => parseConversationAnswer(json(200, other), batch))).toBeInstanceOf(
      UnexpectedResponseError,
    );
  });

  it("keeps the conversation when only the profile failed", () => {
    const answers = [
      { code: "BAD_REQUEST", body: { msg: "bad SDE" }, reqId: "a" },
      { code: "OK", body: { conversationId }, reqId: "b" },
    ];
    expect(parseConversationAnswer(json(200, answers), batch)).toMatchObject({
      conversationId,
      profile: { code: "BAD_REQUEST" },
    });
  });

  it("refuses malformed successes as UnexpectedResponseError", () => {
    const cases: [SendApiAnswer, () => unknown][] = [
      [json(200, "<html/>"), () => 0],
      [json(200, { code: "OK", body: { sequence: "2" }, reqId: "5" }), () => 0],
      [json(200, { code: "OK", body: { sequence: 1 }, reqId: "6" }), () => 0],
      [json(200, [1, 2]), () => 0],
      [{ status: 200, text: undefined }, () => 0],
      [{ ...json(200, { code: "OK", reqId: "5" }), tooLarge: true }, () => 0],
    ];
    for (const [answer] of cases) {
      expect(
        thrown(() => parseSendAnswer(answer, request)),
        answer.text,
      ).toBeInstanceOf(UnexpectedResponseError);
    }
    const upload = requestUploadUrl({ id: "9", fileSize: 1, fileType: "GIF" });
    const noParams = json(200, { code: "OK", body: { relativePath: "/v1/x.GIF" }, reqId: "9" });
    expect(thrown(() => parseSendAnswer(noParams, upload))).toBeInstanceOf(UnexpectedResponseError);
    expect(
      thrown(() => parseConversationAnswer(json(200, [{ code: "OK", reqId: "b", body: {} }]), batch)),
    ).toBeInstanceOf(UnexpectedResponseError);
  });

  it("turns a 400 without an answer, a redirect and odd statuses into ConnectorApiError", () => {
    for (const [status, text] of [
      [400, "<html/>"],
      [302, ""],
      [404, "{}"],
      [504, "x"],
    ] as const) {
      const error = thrown(() => parseSendAnswer({ status, text }, request));
      expect(error).toBeInstanceOf(ConnectorApiError);
      expect(error).toMatchObject({ status });
    }
    expect((thrown(() => parseSendAnswer({ status: 307, text: "" }, request)) as Error).message).toContain(
      "redirect",
    );
  });

  it("keys auth failures on errorCode (string or number), and any 401 is one", () => {
    const body = (errorCode: unknown) => ({
      kind: "resp",
      code: 401,
      body: { errorCode },
      type: ".ReqBody$ErrorResp",
    });
    expect(thrown(() => parseSendAnswer(json(401, body("40103")), request))).toBeInstanceOf(
      ConsumerJwsRejectedError,
    );
    expect(thrown(() => parseSendAnswer(json(401, body(40199)), request))).toMatchObject({
      code: "ERR_CONNECTOR_UNAUTHORIZED",
      errorCode: 40199,
      renew: "appJwt",
    });
    expect(thrown(() => parseSendAnswer(json(401, "Unauthorized"), request))).toBeInstanceOf(
      ConnectorUnauthorizedError,
    );
    expect(thrown(() => parseSendAnswer(json(400, body(40001)), request))).toBeInstanceOf(
      ConnectorMissingParameterError,
    );
  });

  it("keeps server text short and free of tokens, and messages free of it", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2VjcmV0LXNpZ25hdHVyZS1wYXJ0";
    const msg = `rejected ${jwt} ${"x".repeat(500)}`;
    const error = thrown(() =>
      parseSendAnswer(json(400, { code: "BAD_REQUEST", body: { msg }, reqId: "5" }), request),
    );
    expect(error).toBeInstanceOf(ConnectorRequestError);
    const { serverMessage, message } = error as ConnectorRequestError;
    expect(serverMessage).not.toContain("c2VjcmV0");
    expect(serverMessage?.length).toBeLessThanOrEqual(201);
    expect(message).not.toContain("rejected");
  });

  it("refuses an answer to another request", () => {
    const error = thrown(() =>
      parseSendAnswer(json(200, { code: "OK", body: { sequence: 1 }, reqId: "4" }), request),
    );
    expect(error).toBeInstanceOf(UnexpectedResponseError);
  });

  it("builds the temporary storage URL from a file-URL answer", () => {
    const upload = requestUploadUrl({ id: "11", fileSize: 10, fileType: "PNG" });
    const entry = parseSendAnswer(
      json(200, {
        code: "OK",
        reqId: "11",
        body: {
          relativePath: "/v1/AUTH_async-images/1/a b.PNG",
          queryParams: { temp_url_sig: "ab12", temp_url_expires: "17" },
        },
      }),
      upload,
    );
    expect(temporaryFileUrl("va.objectstorage.liveperson.net", entry)).toBe(
      "https://va.objectstorage.liveperson.net/v1/AUTH_async-images/1/a%20b.PNG?temp_url_sig=ab12&temp_url_expires=17",
    );
    expect(() => temporaryFileUrl("https://evil/", entry)).toThrow(/swiftHost/);
  });
});
