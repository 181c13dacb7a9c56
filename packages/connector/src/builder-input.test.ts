// Bad input to any builder is an InvalidArgumentError naming it, thrown before anything is sent,
// never quoting the value; and the 5,000-character SEND limit holds to the character.
import { InvalidArgumentError } from "@lpkit/core";
import { describe, expect, it } from "vitest";
import {
  clientPropertiesHeader,
  closeDialog,
  conversationBatch,
  createConversationInit,
  MAX_SEND_CHARACTERS,
  publishAcceptStatus,
  publishChatState,
  publishFile,
  publishText,
  rateConversation,
  requestConversation,
  requestDownloadUrl,
  requestUploadUrl,
  sendRequestInit,
  serializeSendRequest,
  setUserProfile,
} from "./index.js";
import { schemaErrors } from "./test-support/spec.js";
import type { SendRequest } from "./types.js";

const conversationId = "3f7c1b2a-9d4e-4c5f-8a6b-0e1d2c3b4a59";
const SECRET = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.do-not-echo-me";

function refusal(run: () => unknown): InvalidArgumentError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).not.toContain("do-not-echo-me");
    return error as InvalidArgumentError;
  }
  throw new Error("expected an InvalidArgumentError");
}

describe("builder input", () => {
  const cases: [string, () => unknown, string][] = [
    ["empty text", () => publishText({ conversationId, text: "" }), "text"],
    ["text with a lone surrogate", () => publishText({ conversationId, text: "a\ud83d" }), "text"],
    [
      "a conversation id with spaces",
      () => publishText({ conversationId: "a b", text: "x" }),
      "conversationId",
    ],
    [
      "a token as conversation id",
      () => publishText({ conversationId: `${SECRET} x`, text: "x" }),
      "conversationId",
    ],
    ["an empty dialog id", () => publishText({ conversationId, dialogId: "", text: "x" }), "dialogId"],
    ["a bad envelope id", () => publishText({ conversationId, text: "x", id: "a\nb" }), "id"],
    ["a negative envelope id", () => publishText({ conversationId, text: "x", id: -1 }), "id"],
    [
      "an unknown chat state",
      () => publishChatState({ conversationId, chatState: "TYPING" as never }),
      "chatState",
    ],
    [
      "an unknown status",
      () => publishAcceptStatus({ conversationId, status: "SEEN" as never, sequenceList: [1] }),
      "status",
    ],
    [
      "an empty sequence list",
      () => publishAcceptStatus({ conversationId, status: "READ", sequenceList: [] }),
      "sequenceList",
    ],
    [
      "a fractional sequence",
      () => publishAcceptStatus({ conversationId, status: "READ", sequenceList: [1.5] }),
      "sequenceList[0]",
    ],
    [
      "a PDF",
      () => publishFile({ conversationId, relativePath: "/x", fileType: "PDF" as never }),
      "fileType",
    ],
    [
      "a relative path without /",
      () => publishFile({ conversationId, relativePath: "x", fileType: "PNG" }),
      "relativePath",
    ],
    [
      "a preview that is a URL",
      () => publishFile({ conversationId, relativePath: "/x", fileType: "PNG", preview: "https://x" }),
      "preview",
    ],
    [
      "a dialog close without a dialog",
      () => closeDialog({ conversationId, dialogId: undefined as never }),
      "dialogId",
    ],
    [
      "a cause with a line break",
      () => closeDialog({ conversationId, dialogId: "d", closedCause: "a\r\nb" }),
      "closedCause",
    ],
    ["a CSAT of 0", () => rateConversation({ conversationId, csatRate: 0, resolved: true }), "csatRate"],
    ["a CSAT of 6", () => rateConversation({ conversationId, csatRate: 6, resolved: true }), "csatRate"],
    [
      "resolved as text",
      () => rateConversation({ conversationId, csatRate: 3, resolved: "yes" as never }),
      "resolved",
    ],
    ["a 4 MB file", () => requestUploadUrl({ fileSize: 4 * 1024 * 1024, fileType: "PNG" }), "fileSize"],
    ["an empty file", () => requestUploadUrl({ fileSize: 0, fileType: "PNG" }), "fileSize"],
    ["a download path with a query", () => requestDownloadUrl({ relativePath: "x?y" }), "relativePath"],
    [
      "a brand id that is not an account id",
      () => requestConversation({ brandId: "12 34" }),
      "request.brandId",
    ],
    [
      "an unknown TTR",
      () => requestConversation({ brandId: "1", ttrDefName: "SOON" as never }),
      "request.ttrDefName",
    ],
    [
      "a skill that is a name",
      () => requestConversation({ brandId: "1", skillId: "sales" }),
      "request.skillId",
    ],
    [
      "a channel other than messaging",
      () => requestConversation({ brandId: "1", channelType: "CHAT" as never }),
      "request.channelType",
    ],
    [
      "an SDE of an unsupported type",
      () => setUserProfile({ authenticatedData: { lp_sdes: [{ type: "cart" } as never] } }),
      "profile.authenticatedData.lp_sdes[0].type",
    ],
    [
      "a profile holding a Map",
      () => setUserProfile({ privateData: new Map() as never }),
      "profile.privateData",
    ],
    ["a profile holding NaN", () => setUserProfile({ extra: Number.NaN }), "profile.extra"],
    ["a profile holding a Date", () => setUserProfile({ at: new Date() }), "profile.at"],
    ["a profile holding a function", () => setUserProfile({ f: () => 1 }), "profile.f"],
    ["a batch input that is not an object", () => conversationBatch(null as never), "input"],
    [
      "a batch in the wrong order",
      () =>
        createConversationInit({
          accountId: "1",
          batch: [requestConversation({ brandId: "1" }), setUserProfile()] as never,
        }),
      "batch",
    ],
    ["Client-Properties that are not JSON", () => clientPropertiesHeader("{nope"), "clientProperties"],
    [
      "Client-Properties without a type",
      () => clientPropertiesHeader({ features: [] } as never),
      "clientProperties.type",
    ],
    [
      "a SEND of an unknown type",
      () => serializeSendRequest({ kind: "req", id: "1", type: "ms.Subscribe", body: {} } as never),
      "request",
    ],
    [
      "a SEND to a bad account",
      () => sendRequestInit({ accountId: "", request: publishText({ conversationId, text: "x" }) }),
      "accountId",
    ],
  ];
  for (const [what, run, argument] of cases) {
    it(`refuses ${what}`, () => {
      expect(refusal(run).argument).toBe(argument);
    });
  }

  it("refuses a circular profile without overflowing the stack", () => {
    const profile: Record<string, unknown> = {};
    profile.self = profile;
    expect(refusal(() => setUserProfile(profile)).message).toMatch(/circular/);
  });
});

describe("the 5,000-character limit", () => {
  const base = (text: string) => ({ conversationId, text, id: "1" });
  const room = MAX_SEND_CHARACTERS - JSON.stringify(publishText(base("x"))).length + 1;

  it("leaves room for about 4,800 characters of text", () => {
    expect(room).toBeGreaterThan(4700);
  });

  it("takes a request of exactly 5,000 characters", () => {
    const request = publishText(base("a".repeat(room)));
    expect(serializeSendRequest(request).length).toBe(MAX_SEND_CHARACTERS);
  });

  it("refuses 5,001 characters before sending, saying how long it is", () => {
    const error = refusal(() => publishText(base("a".repeat(room + 1))));
    expect(error.argument).toBe("request");
    expect(error.message).toContain("5001 characters");
  });

  it("counts JSON escapes and UTF-16 code units, as the serialised body has them", () => {
    expect(() => publishText(base('"'.repeat(Math.ceil(room / 2) + 1)))).toThrow(InvalidArgumentError);
    expect(() => publishText(base("😀".repeat(Math.ceil(room / 2) + 1)))).toThrow(InvalidArgumentError);
    expect(serializeSendRequest(publishText(base("é".repeat(room)))).length).toBe(MAX_SEND_CHARACTERS);
  });

  it("applies to hand-made envelopes and previews too", () => {
    const request = publishText(base("x")) as SendRequest & { body: { event: { message: string } } };
    request.body.event.message = "x".repeat(MAX_SEND_CHARACTERS);
    expect(refusal(() => sendRequestInit({ accountId: "1", request })).argument).toBe("request");
    const preview = `data:image/png;base64,${"A".repeat(MAX_SEND_CHARACTERS)}`;
    expect(
      refusal(() => publishFile({ conversationId, relativePath: "/x", fileType: "PNG", preview })).argument,
    ).toBe("request");
  });
});

it("the schema validator itself refuses what the builders refuse (self-check)", () => {
  const bad = {
    kind: "req",
    id: "1",
    type: "ms.PublishEvent",
    body: { dialogId: "d", event: { type: "ChatStateEvent", chatState: "TYPING" } },
  };
  expect(schemaErrors("SendRequest", bad).length).toBeGreaterThan(0);
  expect(schemaErrors("ConversationBatch", [bad])).not.toEqual([]);
});
