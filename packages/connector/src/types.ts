/**
 * Public types of `@lpkit/connector`'s Send API half. Every wire shape is an alias of a generated
 * `specs/connector.yaml` type (nothing is restated by hand); the request inits and answers are the
 * package's own.
 *
 * @module
 */
import type { Answer } from "@lpkit/core/internal";
import type { components, operations, paths } from "./generated/connector.js";

type Schemas = components["schemas"];

/** CONVERSATION body: SetUserProfile, ConsumerRequestConversation and an optional first message. @example const batch: ConversationBatch = conversationBatch({ brandId: "12345678" }); */
export type ConversationBatch = Schemas["ConversationBatch"];
/** SEND body: one request envelope. @example const body: SendRequest = publishText({ conversationId, text: "Hi" }); */
export type SendRequest = Schemas["SendRequest"];
/** `userprofile.SetUserProfile` envelope. @example const req: SetUserProfileRequest = setUserProfile({}); */
export type SetUserProfileRequest = Schemas["SetUserProfileRequest"];
/** The consumer's profile (SDEs and older profile fields). @example const p: UserProfile = { firstName: "Ada" }; */
export type UserProfile = Schemas["UserProfile"];
/** One engagement attribute (customer info or personal info). @example const sde: Sde = { type: "personal", personal: { firstname: "Ada" } }; */
export type Sde = Schemas["Sde"];
/** `cm.ConsumerRequestConversation` envelope. @example const req: ConsumerRequestConversationRequest = requestConversation({ brandId: "12345678" }); */
export type ConsumerRequestConversationRequest = Schemas["ConsumerRequestConversationRequest"];
/** The body of `cm.ConsumerRequestConversation` (`brandId`, routing, context). @example const c: ConversationRequest = { brandId: "12345678", channelType: "MESSAGING" }; */
export type ConversationRequest = Schemas["ConversationRequest"];
/** The optional third CONVERSATION element (older page only). @example const first: FirstMessageRequest = batch[2]; */
export type FirstMessageRequest = Schemas["FirstMessageRequest"];
/** `ms.PublishEvent` envelope. @example const req: PublishEventRequest = publishChatState({ conversationId, chatState: "COMPOSING" }); */
export type PublishEventRequest = Schemas["PublishEventRequest"];
/** A text message event. @example const e: TextContentEvent = { type: "ContentEvent", contentType: "text/plain", message: "Hi" }; */
export type TextContentEvent = Schemas["TextContentEvent"];
/** A hosted-file message event. @example const e: HostedFileContentEvent["message"] = { relativePath, fileType: "PNG" }; */
export type HostedFileContentEvent = Schemas["HostedFileContentEvent"];
/** A chat-state (typing, presence) event. @example const e: ChatStateEvent = { type: "ChatStateEvent", chatState: "PAUSE" }; */
export type ChatStateEvent = Schemas["ChatStateEvent"];
/** An accept/read receipt. @example const e: AcceptStatusEvent = { type: "AcceptStatusEvent", status: "READ", sequenceList: [3] }; */
export type AcceptStatusEvent = Schemas["AcceptStatusEvent"];
/** `cm.UpdateConversationField` envelope. @example const req: UpdateConversationFieldRequest = closeConversation({ conversationId }); */
export type UpdateConversationFieldRequest = Schemas["UpdateConversationFieldRequest"];
/** One conversation field change (close, dialog change, CSAT). @example const f: ConversationField = { field: "ConversationStateField", conversationState: "CLOSE" }; */
export type ConversationField = Schemas["ConversationField"];
/** `ms.GenerateURLForUploadFile` envelope. @example const req: GenerateUploadUrlRequest = requestUploadUrl({ fileSize: 48213, fileType: "PNG" }); */
export type GenerateUploadUrlRequest = Schemas["GenerateUploadUrlRequest"];
/** `ms.GenerateURLForDownloadFile` envelope. @example const req: GenerateDownloadUrlRequest = requestDownloadUrl({ relativePath }); */
export type GenerateDownloadUrlRequest = Schemas["GenerateDownloadUrlRequest"];
/** The `Client-Properties` header, decoded. @example const p: ClientProperties = { type: ".ClientProperties", features: ["AUTO_MESSAGES"] }; */
export type ClientProperties = Schemas["ClientProperties"];
/** One request's answer (`code`, `body`, `reqId`). @example const a: RequestAnswer = { code: "OK", body: { sequence: 2 }, reqId: "5" }; */
export type RequestAnswer = Schemas["RequestAnswer"];
/** What a request returned (`conversationId`, `sequence`, `msg`, file URL parts). @example const b: AnswerBody = { sequence: 2 }; */
export type AnswerBody = Schemas["AnswerBody"];
/** The documented authentication failure body. @example const e: AuthErrorResponse = { body: { errorCode: 40102 } }; */
export type AuthErrorResponse = Schemas["AuthErrorResponse"];

/** Chat states a consumer can send. @example const s: ChatState = "COMPOSING"; */
export type ChatState = ChatStateEvent["chatState"];
/** Receipt statuses. @example const s: AcceptStatus = "READ"; */
export type AcceptStatus = AcceptStatusEvent["status"];
/** File types the Send API accepts. @example const t: FileType = "PNG"; */
export type FileType = GenerateUploadUrlRequest["body"]["fileType"];
/** CSAT survey statuses. @example const s: CsatStatus = "FILLED"; */
export type CsatStatus = Extract<ConversationField, { field: "CSATRate" }>["status"];

/** Parameters of CONVERSATION (`accountId`, `v`, optional `Client-Properties`). @example const p: CreateConversationParams = init.params; */
export type CreateConversationParams = operations["createConversation"]["parameters"];
/** Parameters of SEND. @example const p: SendRequestParams = init.params; */
export type SendRequestParams = operations["sendRequest"]["parameters"];
/** The spec's CONVERSATION path template. @example const path: CreateConversationPath = init.path; */
export type CreateConversationPath = Extract<
  keyof paths,
  "/api/account/{accountId}/messaging/consumer/conversation"
>;
/** The spec's SEND path template. @example const path: SendRequestPath = init.path; */
export type SendRequestPath = Extract<
  keyof paths,
  "/api/account/{accountId}/messaging/consumer/conversation/send"
>;

/**
 * Everything but the credentials needed to send CONVERSATION, in the form openapi-fetch's
 * `client.POST(path, init)` takes, plus the `method`. The caller adds `Authorization: <raw AppJWT>`
 * and `X-LP-ON-BEHALF: <ConsumerJWS>`.
 *
 * @example
 * ```ts
 * const init: CreateConversationInit = createConversationInit({ accountId, batch });
 * ```
 */
export interface CreateConversationInit {
  readonly method: "POST";
  readonly path: CreateConversationPath;
  readonly params: CreateConversationParams;
  readonly headers: { readonly "content-type": "application/json" };
  readonly body: ConversationBatch;
}

/**
 * Everything but the credentials needed to send SEND; `serialized` is the body as sent (checked
 * against the 5,000-character limit).
 *
 * @example
 * ```ts
 * const init: SendRequestInit = sendRequestInit({ accountId, request: publishText({ conversationId, text }) });
 * ```
 */
export interface SendRequestInit {
  readonly method: "POST";
  readonly path: SendRequestPath;
  readonly params: SendRequestParams;
  readonly headers: { readonly "content-type": "application/json" };
  readonly body: SendRequest;
  readonly serialized: string;
}

/**
 * What the answer parsers read from an HTTP answer: the fields of the shared request layer's
 * `Answer` (`@lpkit/core/internal`) they need. An `Answer` fits as it is; so does
 * `{ status, text: await response.text(), headers: response.headers }` from a `fetch` of your own.
 *
 * @example
 * ```ts
 * const answer: SendApiAnswer = { status: 200, text: '{"code":"OK","body":{"sequence":0},"reqId":"1"}' };
 * ```
 */
export type SendApiAnswer = Pick<Answer, "status"> &
  Partial<Pick<Answer, "tooLarge" | "headers" | "requestId">> & {
    /** The body; `undefined` (or `tooLarge: true`) when it was larger than the bound the caller read. */
    readonly text: string | undefined;
  };
