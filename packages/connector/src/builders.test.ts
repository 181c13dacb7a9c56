// Every builder against the spec: its output validates against the spec's schema (JSON Schema
// 2020-12) and equals the spec's own request examples when given the same input.
import { describe, expect, it } from "vitest";
import {
  closeConversation,
  closeDialog,
  conversationBatch,
  publishAcceptStatus,
  publishChatState,
  publishFile,
  publishText,
  rateConversation,
  requestDownloadUrl,
  requestUploadUrl,
  serializeSendRequest,
} from "./index.js";
import { requestExamples, schemaErrors } from "./test-support/spec.js";
import type { ConversationRequest, SendRequest, UserProfile } from "./types.js";

const CONVERSATION = "3f7c1b2a-9d4e-4c5f-8a6b-0e1d2c3b4a59";
const send = Object.fromEntries(requestExamples("sendRequest").map((e) => [e.name, e.value as SendRequest]));
const batches = Object.fromEntries(requestExamples("createConversation").map((e) => [e.name, e.value]));
const FILE_PATH = "/v1/AUTH_async-images/12345678/9f8e7d6c-5b4a-4938-8271-6a5b4c3d2e1f.PNG";

describe("Send API builders build the spec's examples", () => {
  const built: Record<string, SendRequest> = {
    text: publishText({
      id: "5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
      conversationId: CONVERSATION,
      text: "Is my parcel on its way?",
    }),
    typing: publishChatState({ id: "5", conversationId: CONVERSATION, chatState: "COMPOSING" }),
    read: publishAcceptStatus({
      id: "6",
      conversationId: CONVERSATION,
      status: "READ",
      sequenceList: [3, 4],
    }),
    close: closeConversation({ id: "7", conversationId: CONVERSATION }),
    closeDialog: closeDialog({
      id: "8",
      conversationId: CONVERSATION,
      dialogId: "6e5d4c3b-2a19-4087-b6a5-948372615049",
      closedCause: "Closed by consumer",
    }),
    csat: rateConversation({ id: "9", conversationId: CONVERSATION, csatRate: 5, resolved: true }),
    uploadUrl: requestUploadUrl({ id: "11", fileSize: 48213, fileType: "PNG" }),
    downloadUrl: requestDownloadUrl({ id: "12", relativePath: FILE_PATH }),
    hostedFile: publishFile({
      id: "4",
      conversationId: CONVERSATION,
      relativePath: FILE_PATH,
      fileType: "PNG",
      caption: "Photo of the damaged box",
      preview: "data:image/png;base64,iVBORw0KGgo=",
    }),
  };

  for (const [name, request] of Object.entries(built)) {
    it(`${name}: valid against SendRequest and equal to the example (conversationId added where optional)`, () => {
      expect(schemaErrors("SendRequest", request)).toEqual([]);
      const example = send[name] as SendRequest & { body: Record<string, unknown> };
      expect(example, `no example ${name}`).toBeDefined();
      const expected =
        request.type === "ms.PublishEvent"
          ? { ...example, body: { conversationId: CONVERSATION, ...example.body } }
          : example;
      expect(request).toEqual(expected);
    });
  }

  it("every SEND example (the array form of conversationField too) validates and serialises", () => {
    for (const [name, example] of Object.entries(send)) {
      expect(schemaErrors("SendRequest", example), name).toEqual([]);
      expect(serializeSendRequest(example)).toBe(JSON.stringify(example));
    }
    expect(Object.keys(send)).toEqual(expect.arrayContaining([...Object.keys(built), "closeAsArray"]));
  });

  it("the CONVERSATION batch builds the examples, in the required order", () => {
    const minimal = conversationBatch({
      request: { brandId: "12345678" },
      ids: {
        profile: "0b6e4f1c-5a3d-4e2b-9c8f-7d6a5b4c3e21",
        request: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
      },
    });
    expect(minimal).toEqual(batches.minimal);
    const [, sdesRequest] = batches.withSdes as [{ body: UserProfile }, { body: ConversationRequest }];
    const withSdes = conversationBatch({
      profile: (batches.withSdes as { body: UserProfile }[])[0]?.body,
      request: sdesRequest.body,
      ids: { profile: "1", request: "2" },
    });
    expect(withSdes).toEqual(batches.withSdes);
    const withFirst = conversationBatch({
      request: { brandId: "12345678" },
      firstMessage: "Hello, I need help with my order",
      ids: { profile: "1", request: "2", firstMessage: "3" },
    });
    expect(withFirst).toEqual(batches.withFirstMessage);
    for (const batch of [minimal, withSdes, withFirst]) {
      expect(schemaErrors("ConversationBatch", batch)).toEqual([]);
      expect(batch.map((element) => element.type).slice(0, 2)).toEqual([
        "userprofile.SetUserProfile",
        "cm.ConsumerRequestConversation",
      ]);
    }
  });

  it("gives every envelope a fresh UUID unless told otherwise", () => {
    const ids = new Set(
      Array.from({ length: 50 }, () => publishText({ conversationId: CONVERSATION, text: "x" }).id),
    );
    expect(ids.size).toBe(50);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    const batch = conversationBatch({ request: { brandId: "12345678" } });
    expect(batch[0].id).not.toBe(batch[1].id);
  });

  it("sends to a survey dialog when told, with the conversation id alongside", () => {
    const request = publishText({ conversationId: CONVERSATION, dialogId: "survey-1", text: "Great" });
    expect(request.body).toMatchObject({ dialogId: "survey-1", conversationId: CONVERSATION });
  });
});
