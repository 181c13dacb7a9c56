// Consumer of @lpkit/connector, type-checked (never run) under nodenext and bundler resolution.
import {
  type ConversationBatch,
  conversationBatch,
  createWebhookReceiver,
  publishChatState,
  type SendRequest,
  toNodeListener,
  type WebhookEvent,
  type WebhookReceiver,
} from "@lpkit/connector";

export const batch: ConversationBatch = conversationBatch({ request: { brandId: "12345678" } });
export const typing: SendRequest = publishChatState({ conversationId: "c", chatState: "COMPOSING" });

export const receiver: WebhookReceiver = createWebhookReceiver({
  accountId: "12345678",
  clientId: "client",
  clientSecret: "secret",
  onContent: (event) => {
    const text: unknown = event.change.event.message;
    void text;
  },
  onEvent: (event: WebhookEvent) => void event.kind,
});
export const listener = toNodeListener(receiver);
export const answer: Promise<Response> = receiver.handle(new Request("https://x/", { method: "POST" }));

// @ts-expect-error chat states are the spec's enum
export const wrong = publishChatState({ conversationId: "c", chatState: "TYPING" });
