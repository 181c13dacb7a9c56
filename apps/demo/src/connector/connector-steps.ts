/**
 * The connector walk-through's steps: hosts → AppJWT → ConsumerJWS → CONVERSATION → SEND (typing
 * and a text) → the agent's reply through a verified webhook → close → summary. Each step proves
 * what it claims from the counting `fetch` (live and offline alike) and, offline, from the
 * emulator's own counters. No token is ever printed: only decoded claims and counts.
 *
 * @module
 */
import { decodeAccessToken } from "@lpkit/auth";
import type { WebhookEvent } from "@lpkit/connector";
import { publishChatState } from "@lpkit/connector";
import type { WalkthroughStep } from "../walkthrough.js";
import type { ConnectorSession } from "./connector-session.js";
import type { Inbox } from "./inbox.js";

/**
 * What the steps share.
 *
 * @example
 * ```ts
 * const context: ConnectorContext = { target: { mode: "emulator", secrets }, session, inbox, state: {}, waitMs: 60_000 };
 * ```
 */
export interface ConnectorContext {
  readonly target: { readonly mode: "emulator" | "live"; readonly secrets: readonly string[] };
  readonly session: ConnectorSession;
  readonly inbox: Inbox;
  /** How long to wait for a webhook (a hang guard offline; the agent's time to answer live). */
  readonly waitMs: number;
  readonly state: { conversationId?: string; text?: string };
}

/** The text the walk-through sends. */
export const DEMO_TEXT = "Hello from lpkit — où est mon colis? 📦";

const ours = (context: ConnectorContext) => (event: WebhookEvent) =>
  event.conversationId === context.state.conversationId;

const hosts: WalkthroughStep<ConnectorContext> = {
  id: "resolve-hosts",
  title: "Resolve the sentinel, idp and asyncMessagingEnt hosts through the Domain API",
  essential: true,
  async run({ session }, out) {
    const names = ["sentinel", "idp", "asyncMessagingEnt"] as const;
    const found = await Promise.all(names.map((name) => session.connector.resolver.resolve(name)));
    for (const [i, name] of names.entries()) {
      out.say(`  ${name.padEnd(18)} ${found[i]}`);
    }
    out.detail("hosts", Object.fromEntries(names.map((name, i) => [name, found[i]])));
    out.check(
      "three hosts found",
      found.every((host) => typeof host === "string" && host !== ""),
    );
    out.check("one Domain API lookup for all three", session.requests.count("domain") === 1);
  },
};

const appJwt: WalkthroughStep<ConnectorContext> = {
  id: "app-jwt",
  title: "Request the AppJWT (Sentinel v1, client credentials, scope msg.consumer)",
  essential: true,
  async run({ session }, out) {
    const token = await session.connector.tokenManager.getToken();
    const { claims } = decodeAccessToken(token.accessToken);
    const scope = String(claims.scope ?? "");
    out.say(
      `  claims: iss ${String(claims.iss)} · aud ${String(claims.aud)} · azp ${String(claims.azp).slice(0, 8)}… · scope ${scope}`,
      `  valid until ${new Date(token.expiresAt).toISOString()} (the token itself is never printed)`,
    );
    out.detail("claims", { iss: claims.iss, aud: claims.aud, scope, expiresAt: token.expiresAt });
    out.check("scope msg.consumer", scope.split(" ").includes("msg.consumer"), scope);
    out.check("issued for this account", String(claims.aud) === session.accountId);
    out.check("one token request", session.requests.count("sentinel") === 1);
  },
};

const consumerJws: WalkthroughStep<ConnectorContext> = {
  id: "consumer-jws",
  title: "Get the consumer's ConsumerJWS from the IdP (raw AppJWT, no Bearer), cached",
  essential: true,
  async run({ session }, out) {
    const first = await session.connector.consumerJws(session.extConsumerId);
    const again = await session.connector.consumerJws(session.extConsumerId);
    const { claims } = first;
    out.say(
      `  ext_consumer_id ${String(claims.ext_consumer_id)} · account_id ${String(claims.account_id)}`,
      `  lp_consumer_id ${String(claims.lp_consumer_id).slice(0, 12)}… · no exp: it never expires`,
    );
    out.detail("claims", { ...claims, lp_consumer_id: String(claims.lp_consumer_id).slice(0, 12) });
    out.check(
      "for this consumer and account",
      claims.ext_consumer_id === session.extConsumerId && String(claims.account_id) === session.accountId,
    );
    out.check("no expiry claim", !("exp" in claims));
    out.check(
      "asked twice, one IdP request",
      session.requests.count("idp") === 1 && again.token === first.token,
    );
    out.check(
      "Authorization carried the raw AppJWT",
      session.requests.bearerPrefixed === 0 && session.requests.authorized > 0,
    );
  },
};

const conversation: WalkthroughStep<ConnectorContext> = {
  id: "conversation",
  title: "Open a conversation (CONVERSATION: SetUserProfile, then ConsumerRequestConversation)",
  essential: true,
  async run(context, out) {
    const { session } = context;
    const { conversationId, created } = await session.connector.openConversation(session.extConsumerId);
    context.state.conversationId = conversationId;
    out.say(`  conversation ${conversationId} (${created ? "opened now" : "already known"})`);
    out.detail("conversationId", conversationId);
    out.check("a new conversation", created);
    out.check("one CONVERSATION request", session.requests.count("conversation") === 1);
  },
};

const send: WalkthroughStep<ConnectorContext> = {
  id: "send",
  title: "Send a typing event and a text (SEND: ms.PublishEvent)",
  essential: true,
  async run(context, out) {
    const { session } = context;
    const ext = session.extConsumerId;
    const typing = await session.connector.send(ext, (to) =>
      publishChatState({ ...to, chatState: "COMPOSING" }),
    );
    const sent = await session.connector.sendText(ext, DEMO_TEXT);
    context.state.text = DEMO_TEXT;
    out.say(
      `  typing (COMPOSING) → ${typing?.answer.code ?? "?"}`,
      `  "${DEMO_TEXT}" → sequence ${sent.sequence}`,
    );
    out.detail("sequence", sent.sequence);
    out.check(
      "both into the open conversation",
      typing?.conversationId === context.state.conversationId &&
        sent.conversationId === context.state.conversationId &&
        !sent.created,
    );
    out.check(
      "two SEND requests, no new ConsumerJWS or conversation",
      session.requests.count("send") === 2 &&
        session.requests.count("idp") === 1 &&
        session.requests.count("conversation") === 1,
    );
  },
};

const reply: WalkthroughStep<ConnectorContext> = {
  id: "webhook-reply",
  title: "Receive the agent's reply through a signed webhook on loopback",
  essential: false,
  async run(context, out) {
    const { session, inbox } = context;
    if (session.receiver === undefined) {
      out.skip(
        "set LP_WEBHOOK_PORT (and point the app's webhooks at it over HTTPS) to receive webhooks live",
      );
      return;
    }
    out.say(`  listening at ${session.webhookUrl}`);
    const isOurs = ours(context);
    const answer = await inbox.waitFor(
      (e) => isOurs(e) && e.kind === "content" && e.change.originatorMetadata?.role !== "CONSUMER",
      context.waitMs,
    );
    // The emulator delivers each event on its own connection, side by side (count-based policy), so
    // the reply may land before the typing event and the receipt published ahead of it: offline, where
    // both are checked, wait for them as for the reply; live they are only reported if already here.
    const isTyping = (e: WebhookEvent) => isOurs(e) && e.kind === "chatState";
    const isReceipt = (e: WebhookEvent) => isOurs(e) && e.kind === "acceptStatus";
    const [typing, receipt] =
      session.mode === "emulator"
        ? await Promise.all([
            inbox.waitFor(isTyping, context.waitMs),
            inbox.waitFor(isReceipt, context.waitMs),
          ])
        : [inbox.events.find(isTyping), inbox.events.find(isReceipt)];
    const text = answer?.kind === "content" ? String(answer.change.event.message) : undefined;
    out.say(
      `  agent: "${text ?? "(no reply)"}"`,
      `  also received: ${typing?.kind === "chatState" ? `typing ${String(typing.change.event.chatState)}` : "no typing"}, ${receipt?.kind === "acceptStatus" ? `receipt ${String(receipt.change.event.status)}` : "no receipt"}`,
    );
    const stats = session.receiver.stats();
    out.detail("receiver", stats);
    out.check("the agent's reply arrived", text !== undefined, `waited at most ${context.waitMs / 1000} s`);
    if (session.mode === "emulator") {
      out.check("it answers our text", text === `You said: ${context.state.text}`);
      out.check("typing and a receipt arrived too", typing !== undefined && receipt !== undefined);
    }
    out.check(
      "every delivery verified (signature, account, client id)",
      Object.keys(stats.refused).length === 0 && stats.deliveries > 0,
      `${stats.deliveries} deliveries`,
    );
  },
};

const close: WalkthroughStep<ConnectorContext> = {
  id: "close",
  title: "Close the conversation (SEND: cm.UpdateConversationField CLOSE)",
  essential: false,
  async run(context, out) {
    const { session, inbox } = context;
    const closed = await session.connector.closeConversation(session.extConsumerId);
    out.say(`  closed: ${closed}`);
    out.check("closed", closed);
    out.check(
      "the consumer has no open conversation now",
      (await session.connector.conversationOf(session.extConsumerId)) === undefined,
    );
    if (session.receiver !== undefined && session.mode === "emulator") {
      const isOurs = ours(context);
      const change = await inbox.waitFor(
        (e) =>
          isOurs(e) &&
          e.kind === "conversationChange" &&
          e.change.result?.conversationDetails?.stage === "CLOSE",
        context.waitMs,
      );
      out.say(`  webhook: cqm.ExConversationChangeNotification, stage ${change ? "CLOSE" : "(none)"}`);
      out.check("the close arrived as a webhook", change !== undefined);
    }
  },
};

const summary: WalkthroughStep<ConnectorContext> = {
  id: "summary",
  title: "Summary",
  essential: false,
  async run({ session }, out) {
    const r = session.requests;
    const counts = {
      domain: r.count("domain"),
      sentinel: r.count("sentinel"),
      idp: r.count("idp"),
      conversation: r.count("conversation"),
      send: r.count("send"),
    };
    out.say(
      `  HTTP requests: Domain API ${counts.domain} · Sentinel ${counts.sentinel} · IdP ${counts.idp} · CONVERSATION ${counts.conversation} · SEND ${counts.send}`,
    );
    out.detail("requests", counts);
    const stats = session.connector.stats();
    out.detail("facade", stats);
    out.check(
      "1 token, 1 ConsumerJWS, 1 conversation",
      counts.sentinel === 1 && counts.idp === 1 && counts.conversation === 1,
    );
    out.check("3 SENDs (typing, text, close)", counts.send === 3);
    const emulator = session.emulator;
    if (emulator !== undefined) {
      await emulator.connector.webhooksIdle();
      const c = emulator.stats().connector;
      out.say(
        `  emulator: ${c.consumerJws.issued} ConsumerJWS issued · ${c.conversations.opened} opened, ${c.conversations.closed} closed · ${c.messages.fromAgent} agent messages · ${c.webhooks.delivered} webhooks delivered, ${Object.values(c.webhooks.refusedByStatus).reduce((a, b) => a + b, 0)} refused`,
      );
      out.check(
        "the emulator counted the same",
        c.consumerJws.issued === 1 &&
          c.conversations.opened === 1 &&
          c.conversations.closed === 1 &&
          c.messages.fromConsumers === 1,
      );
      out.check(
        "every webhook accepted",
        c.webhooks.delivered > 0 && Object.keys(c.webhooks.refusedByStatus).length === 0,
      );
    }
  },
};

/**
 * The steps, in order.
 *
 * @example
 * ```ts
 * await runWalkthrough(context, CONNECTOR_STEPS, { reporter });
 * ```
 */
export const CONNECTOR_STEPS: readonly WalkthroughStep<ConnectorContext>[] = [
  hosts,
  appJwt,
  consumerJws,
  conversation,
  send,
  reply,
  close,
  summary,
];
