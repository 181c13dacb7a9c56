/**
 * A fake Connector API behind an injected `fetch`, on top of the fake LivePerson (Domain API and
 * Sentinel): the IdP (`/consumer` → 201 `{ token }`, a fresh token per request, the consumer's id
 * derived from `ext_consumer_id`) and the Send API with the real rules — one open conversation per
 * consumer ("already open" otherwise), 40103 for a ConsumerJWS that was revoked or belongs to
 * another consumer, SEND to a closed conversation refused, close. Answers can be scripted per
 * service; every request is counted.
 *
 * @module
 */

import type { FetchLike } from "@lpkit/core";
import { createFakeClock } from "./fake-clock.js";
import {
  ACCOUNT,
  createFakeLivePerson,
  type FakeLivePerson,
  json,
  SENTINEL_HOST,
} from "./fake-liveperson.js";
import { collector } from "./secrets.js";

export const IDP_HOST = "va.idp.liveperson.net";
export const MSG_HOST = "va.msg.liveperson.net";

function b64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The documented 401 body for an `errorCode`. */
export function authFailure(errorCode: number): Response {
  return json(
    {
      kind: "resp",
      code: 401,
      body: { title: "Unauthorized", details: "x", errorCode },
      type: ".ReqBody$ErrorResp",
    },
    401,
  );
}

/** A scripted answer: a Response, or an Error the fetch throws. */
export type Scripted = Response | Error | ((request: Request) => Response | Promise<Response>);

interface Conversation {
  readonly consumer: string;
  open: boolean;
  readonly messages: string[];
}

/** The fake and its state. */
export interface FakeConnector {
  readonly fetch: FetchLike;
  readonly lp: FakeLivePerson;
  /** Answers for the next requests to a service, before the rules apply. */
  script(service: "idp" | "send", ...answers: Scripted[]): void;
  /** Makes every ConsumerJWS issued so far for `ext` invalid (the Send API answers 40103). */
  revoke(ext: string): void;
  /** Closes a conversation as an agent would. */
  closeByAgent(conversationId: string): void;
  readonly idpRequests: string[];
  readonly sendRequests: { path: string; body: unknown; jws: string; authorization: string }[];
  readonly conversations: Map<string, Conversation>;
  /** Texts published per conversation, in order. */
  messages(conversationId: string): readonly string[];
}

export function createFakeConnector(options: { now?: () => number } = {}): FakeConnector {
  const lp = createFakeLivePerson({
    // Tokens are issued at the time the facades' fake clocks start (connectorSetup), not the real
    // time: a token issued "now" would be long expired on a facade's clock.
    now: options.now ?? createFakeClock().now,
    services: { sentinel: SENTINEL_HOST, idp: IDP_HOST, asyncMessagingEnt: MSG_HOST },
  });
  const scripts = { idp: [] as Scripted[], send: [] as Scripted[] };
  const valid = new Map<string, string>(); // token → ext
  const openOf = new Map<string, string>(); // ext → conversation id
  const conversations = new Map<string, Conversation>();
  const idpRequests: string[] = [];
  const sendRequests: FakeConnector["sendRequests"] = [];
  let serial = 0;

  const scripted = async (service: "idp" | "send", request: Request): Promise<Response | undefined> => {
    const next = scripts[service].shift();
    if (next instanceof Error) {
      throw next;
    }
    return typeof next === "function" ? next(request) : next;
  };

  const idp = async (request: Request): Promise<Response> => {
    const { ext_consumer_id: ext } = (await request.json()) as { ext_consumer_id: string };
    idpRequests.push(ext);
    const early = await scripted("idp", request);
    if (early) {
      return early;
    }
    serial += 1;
    const lpId = Array.from(
      { length: 64 },
      (_, i) => "0123456789abcdef"[(ext.charCodeAt(i % ext.length) + i) % 16],
    ).join("");
    const token = `${b64url({ kid: "appjwt-13-05-17", typ: "JWT", alg: "RS256" })}.${b64url({ account_id: ACCOUNT, ext_consumer_id: ext, lp_consumer_id: lpId })}.JWSsig${serial}x${Math.random().toString(36).slice(2, 10)}`;
    valid.set(token, ext);
    collector.secrets.push(token.split(".")[2] ?? token);
    return json({ token }, 201);
  };

  const send = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    const body = (await request.json()) as unknown;
    const jws = request.headers.get("x-lp-on-behalf") ?? "";
    sendRequests.push({ path, body, jws, authorization: request.headers.get("authorization") ?? "" });
    const early = await scripted("send", request);
    if (early) {
      return early;
    }
    const ext = valid.get(jws);
    if (ext === undefined) {
      return authFailure(40103);
    }
    if (path.endsWith("/conversation")) {
      const [profile, conversation] = body as { id: string }[];
      if (openOf.has(ext)) {
        return json(
          [
            { code: "OK", body: { msg: "OK User Profile set successfully" }, reqId: profile?.id },
            {
              code: "BAD_REQUEST",
              body: { msg: "This user already has an open conversation and cannot open another one" },
              reqId: conversation?.id,
            },
          ],
          400,
        );
      }
      const conversationId = `conv-${conversations.size + 1}`;
      conversations.set(conversationId, { consumer: ext, open: true, messages: [] });
      openOf.set(ext, conversationId);
      return json([
        { code: "OK", body: { msg: "OK User Profile set successfully" }, reqId: profile?.id },
        { code: "OK", body: { conversationId }, reqId: conversation?.id },
      ]);
    }
    const envelope = body as {
      id: string;
      type: string;
      body: { conversationId?: string; dialogId?: string; event?: { message?: string } };
    };
    const id = envelope.body.conversationId ?? envelope.body.dialogId ?? "";
    const conversation = conversations.get(id);
    if (conversation === undefined || conversation.consumer !== ext) {
      return authFailure(40103);
    }
    if (!conversation.open) {
      return json(
        { code: "BAD_REQUEST", body: { msg: "The conversation is closed" }, reqId: envelope.id },
        400,
      );
    }
    if (envelope.type === "cm.UpdateConversationField") {
      conversation.open = false;
      openOf.delete(ext);
      return json({ code: "OK", body: { msg: "OK Conversation resolved successfully" }, reqId: envelope.id });
    }
    if (typeof envelope.body.event?.message === "string") {
      conversation.messages.push(envelope.body.event.message);
    }
    return json({ code: "OK", body: { sequence: conversation.messages.length }, reqId: envelope.id });
  };

  const fetch: FetchLike = async (request) => {
    const host = new URL(request.url).hostname;
    if (host === IDP_HOST) {
      return idp(request);
    }
    if (host === MSG_HOST) {
      return send(request);
    }
    return lp.fetch(request);
  };

  return {
    fetch,
    lp,
    script: (service, ...answers) => {
      scripts[service].push(...answers);
    },
    revoke(ext) {
      for (const [token, owner] of valid) {
        if (owner === ext) {
          valid.delete(token);
        }
      }
    },
    closeByAgent(conversationId) {
      const conversation = conversations.get(conversationId);
      if (conversation) {
        conversation.open = false;
        openOf.delete(conversation.consumer);
      }
    },
    idpRequests,
    sendRequests,
    conversations,
    messages: (conversationId) => conversations.get(conversationId)?.messages ?? [],
  };
}
