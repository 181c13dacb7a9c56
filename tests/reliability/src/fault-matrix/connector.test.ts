/**
 * Fault matrix, the Connector API (IdP and Send API) as `createLivePersonConnector` meets it: what
 * is retried (the IdP: everything that may pass; the Send API: a connection never made, a 429 after
 * at least 1 s, and after-send failures only when idempotent), what is replayed once (a rejected
 * AppJWT or ConsumerJWS), how many requests each fault costs, and — the emulator counts every
 * consumer text once — that no fault ever duplicates a message.
 *
 * @module
 */
import {
  AppJwtRejectedError,
  ConnectorApiError,
  ConsumerJwsRequestError,
  InvalidArgumentError,
  NetworkError,
  TimeoutError,
  UnexpectedResponseError,
} from "@lpkit/core";
import { describe, expect } from "vitest";
import { connectorScenario, useConnectorEmulator } from "../harness/connector-world.js";
import { HANG_DEADLINE_MS } from "../harness/world-base.js";

const env = useConnectorEmulator();
const IDP = "idp.consumerJws" as const;
const CONVERSATION = "connector.conversation" as const;
const SEND = "connector.send" as const;
const REJECTED_JWS = {
  kind: "resp",
  code: 401,
  body: { title: "Invalid ConsumerJWS", details: "ConsumerJWS is invalid", errorCode: 40103 },
  type: ".ReqBody$ErrorResp",
};
let n = 0;
/** A consumer of its own per scenario: the emulator keeps conversations between scenarios. */
const consumer = () => `matrix-consumer-${++n}`;

/** Refuses the first `count` connections (nothing was sent), then passes requests on. */
const refuseFirst = (count: number, path: RegExp) => (inner: (request: Request) => Promise<Response>) => {
  let refused = 0;
  return (request: Request) => {
    if (refused < count && path.test(new URL(request.url).pathname)) {
      refused += 1;
      return Promise.reject(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } }));
    }
    return inner(request);
  };
};

describe("IdP (ConsumerJWS)", () => {
  connectorScenario(env, "503 once → retried after 1 s, ConsumerJWS, 2 requests", async (w) => {
    w.emulator.fault({ route: IDP, status: 503, times: 1 });
    const jws = await w.success(w.connector.consumerJws(consumer()));
    expect(jws.claims.lp_consumer_id).toMatch(/^[0-9a-f]{64}$/);
    expect(w.requests(IDP)).toBe(2);
    expect(w.sleeps).toEqual([1_000]);
  });

  connectorScenario(
    env,
    "429 with Retry-After: 3 → waits 3 s (never less than 1 s), 2 requests",
    async (w) => {
      w.emulator.fault({ route: IDP, status: 429, retryAfter: 3, times: 1 });
      await w.success(w.connector.consumerJws(consumer()));
      expect(w.sleeps).toEqual([3_000]);
      expect(w.requests(IDP)).toBe(2);
    },
  );

  connectorScenario(
    env,
    "connection reset once → retried (asking twice is harmless), 2 requests",
    async (w) => {
      w.emulator.fault({ route: IDP, kind: "reset", times: 1 });
      await w.success(w.connector.consumerJws(consumer()));
      expect(w.requests(IDP)).toBe(2);
    },
  );

  connectorScenario(
    env,
    "500 on every attempt → ConsumerJwsRequestError 500 after exactly 3 requests",
    async (w) => {
      w.emulator.fault({ route: IDP, status: 500 });
      const error = await w.failure(w.connector.consumerJws(consumer()));
      expect(error).toBeInstanceOf(ConsumerJwsRequestError);
      expect(error).toMatchObject({ code: "ERR_CONSUMER_JWS_REQUEST", status: 500 });
      expect(w.requests(IDP)).toBe(3);
    },
  );

  connectorScenario(env, "400 → ConsumerJwsRequestError, not retried, 1 request", async (w) => {
    w.emulator.fault({ route: IDP, status: 400 });
    const error = await w.failure(w.connector.consumerJws(consumer()));
    expect(error).toMatchObject({ code: "ERR_CONSUMER_JWS_REQUEST", status: 400 });
    expect(w.requests(IDP)).toBe(1);
  });

  connectorScenario(env, "401 (AppJWT rejected) once → new AppJWT, replayed once, 2 requests", async (w) => {
    await w.connector.tokenManager.getToken();
    w.clock.advance(1_000); // the next AppJWT is a different one
    w.emulator.fault({ route: IDP, status: 401, times: 1 });
    await w.success(w.connector.consumerJws(consumer()));
    expect(w.requests(IDP)).toBe(2);
    expect(w.requests("sentinel.token.v1")).toBe(2);
  });

  connectorScenario(
    env,
    "truncated JSON on every attempt → UnexpectedResponseError, nothing cached",
    async (w) => {
      const ext = consumer();
      w.emulator.fault({ route: IDP, kind: "truncated-json" });
      expect(await w.failure(w.connector.consumerJws(ext))).toBeInstanceOf(UnexpectedResponseError);
      w.emulator.clearFaults();
      await w.success(w.connector.consumerJws(ext));
      expect(w.connector.stats().consumerJws.fetched).toBe(1);
    },
  );

  connectorScenario(
    env,
    "no answer (hang) → TimeoutError after the time limit, retried, then given up",
    async (w) => {
      w.emulator.fault({ route: IDP, kind: "hang" });
      const error = await w.failure(w.connector.consumerJws(consumer()));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(w.requests(IDP)).toBe(3);
    },
    // Each request must reach the emulator (counted above) before its deadline: see HANG_DEADLINE_MS.
    { idp: { timeoutMs: HANG_DEADLINE_MS } },
  );

  connectorScenario(
    env,
    "100 concurrent first sends to one consumer → 1 IdP request, 1 conversation",
    async (w) => {
      const ext = consumer();
      const results = await w.success(
        Promise.all(Array.from({ length: 100 }, (_, i) => w.connector.sendText(ext, `hello ${i}`))),
      );
      expect(new Set(results.map((r) => r.conversationId)).size).toBe(1);
      expect(w.requests(IDP)).toBe(1);
      expect(w.requests(CONVERSATION)).toBe(1);
      expect(w.messages()).toBe(100);
    },
  );
});

describe("Send API (CONVERSATION and SEND)", () => {
  connectorScenario(
    env,
    "SEND 503 → ConnectorApiError 503, not retried (not idempotent), 0 messages",
    async (w) => {
      const ext = consumer();
      await w.success(w.connector.openConversation(ext));
      w.emulator.fault({ route: SEND, status: 503, times: 1 });
      const error = await w.failure(w.connector.sendText(ext, "once"));
      expect(error).toBeInstanceOf(ConnectorApiError);
      expect(error).toMatchObject({ status: 503 });
      expect(w.requests(SEND)).toBe(1);
      expect(w.messages()).toBe(0);
    },
  );

  connectorScenario(
    env,
    "SEND 503 with idempotent: true → retried after 5 s, the message sent once",
    async (w) => {
      const ext = consumer();
      await w.success(w.connector.openConversation(ext));
      w.emulator.fault({ route: SEND, status: 503, times: 1 });
      await w.success(w.connector.sendText(ext, "opted in", { idempotent: true }));
      expect(w.requests(SEND)).toBe(2);
      expect(w.sleeps).toEqual([5_000]);
      expect(w.messages()).toBe(1);
    },
  );

  connectorScenario(env, "SEND 429 → waits at least 1 s, retried, the message sent once", async (w) => {
    const ext = consumer();
    await w.success(w.connector.openConversation(ext));
    w.emulator.fault({ route: SEND, status: 429, times: 1 });
    await w.success(w.connector.sendText(ext, "after a pause"));
    expect(w.requests(SEND)).toBe(2);
    expect(w.sleeps).toHaveLength(1);
    expect(w.sleeps[0]).toBeGreaterThanOrEqual(1_000);
    expect(w.messages()).toBe(1);
  });

  connectorScenario(
    env,
    "SEND connection reset → NetworkError, not retried (it may have arrived)",
    async (w) => {
      const ext = consumer();
      await w.success(w.connector.openConversation(ext));
      w.emulator.fault({ route: SEND, kind: "reset", times: 1 });
      expect(await w.failure(w.connector.sendText(ext, "maybe"))).toBeInstanceOf(NetworkError);
      expect(w.requests(SEND)).toBe(1);
      expect(w.messages()).toBeLessThanOrEqual(1);
    },
  );

  connectorScenario(
    env,
    "SEND connection refused once → retried (nothing arrived), the message sent once",
    async (w) => {
      const ext = consumer();
      await w.success(w.connector.openConversation(ext));
      await w.success(w.connector.sendText(ext, "second try"));
      expect(w.requests(SEND)).toBe(1);
      expect(w.sleeps).toEqual([1_000]);
      expect(w.messages()).toBe(1);
    },
    { wrapFetch: refuseFirst(1, /\/conversation\/send$/) },
  );

  connectorScenario(
    env,
    "SEND 401 (40102) once → new AppJWT, replayed once, the message sent once",
    async (w) => {
      const ext = consumer();
      await w.success(w.connector.openConversation(ext));
      w.clock.advance(1_000); // the next AppJWT is a different one
      w.emulator.fault({ route: SEND, status: 401, times: 1 });
      await w.success(w.connector.sendText(ext, "replayed"));
      expect(w.requests(SEND)).toBe(2);
      expect(w.requests("sentinel.token.v1")).toBe(2);
      expect(w.messages()).toBe(1);
    },
  );

  connectorScenario(env, "SEND 401 (40102) every time → AppJwtRejectedError after one replay", async (w) => {
    const ext = consumer();
    await w.success(w.connector.openConversation(ext));
    w.clock.advance(1_000); // the next AppJWT is a different one
    w.emulator.fault({ route: SEND, status: 401 });
    const error = await w.failure(w.connector.sendText(ext, "never"));
    expect(error).toBeInstanceOf(AppJwtRejectedError);
    expect(error).toMatchObject({ code: "ERR_APP_JWT_REJECTED", renew: "appJwt" });
    expect(w.requests(SEND)).toBe(2);
    expect(w.messages()).toBe(0);
  });

  connectorScenario(
    env,
    "SEND 401 (40103) once → ConsumerJWS fetched again, replayed once, sent once",
    async (w) => {
      const ext = consumer();
      await w.success(w.connector.openConversation(ext));
      w.emulator.fault({ route: SEND, status: 401, body: REJECTED_JWS, times: 1 });
      await w.success(w.connector.sendText(ext, "new JWS"));
      expect(w.requests(IDP)).toBe(2);
      expect(w.connector.stats().renewedJws).toBe(1);
      expect(w.messages()).toBe(1);
    },
  );

  connectorScenario(
    env,
    "CONVERSATION 500 → ConnectorApiError, not retried, no conversation opened",
    async (w) => {
      w.emulator.fault({ route: CONVERSATION, status: 500, times: 1 });
      expect(await w.failure(w.connector.sendText(consumer(), "hi"))).toBeInstanceOf(ConnectorApiError);
      expect(w.requests(CONVERSATION)).toBe(1);
      expect(w.requests(SEND)).toBe(0);
    },
  );

  connectorScenario(
    env,
    "CONVERSATION connection refused once → retried, one conversation, the message sent once",
    async (w) => {
      const ext = consumer();
      const result = await w.success(w.connector.sendText(ext, "hi"));
      expect(result.created).toBe(true);
      expect(w.requests(CONVERSATION)).toBe(1);
      expect(w.messages()).toBe(1);
    },
    { wrapFetch: refuseFirst(1, /\/conversation$/) },
  );

  connectorScenario(
    env,
    "the agent closed the conversation → a new one opened once, the text sent once",
    async (w) => {
      const ext = consumer();
      const first = await w.success(w.connector.sendText(ext, "one"));
      w.emulator.connector.agent(first.conversationId)?.close();
      const second = await w.success(w.connector.sendText(ext, "two"));
      expect(second.conversationId).not.toBe(first.conversationId);
      expect(second.created).toBe(true);
      expect(w.connector.stats().reopened).toBe(1);
      expect(w.messages()).toBe(2);
    },
  );

  connectorScenario(
    env,
    "a text over 5,000 characters → InvalidArgumentError before any request",
    async (w) => {
      const error = await w.failure(w.connector.sendText(consumer(), "x".repeat(5_001)));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(w.emulator.stats().requests.total).toBe(0);
    },
  );
});
