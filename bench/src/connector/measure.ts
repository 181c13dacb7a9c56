/**
 * The Connector API measurements: SEND throughput and client CPU per send (lpkit's facade vs raw
 * fetch with fixed headers, interleaved in the same run), IdP requests caused by 1,000 concurrent
 * first sends to one consumer, webhook signature verification cost, and webhook receiver
 * throughput (lpkit's receiver vs a bare `node:http` handler doing the same HMAC).
 *
 * @module
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createLivePersonConnector } from "@lpkit/auth";
import {
  createSignatureVerifier,
  createWebhookReceiver,
  signWebhookBody,
  toNodeListener,
} from "@lpkit/connector";
import type { FetchLike } from "@lpkit/core";

/** Where the emulator child listens and the demo connector app. */
export interface ConnectorTarget {
  readonly url: string;
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Sizes of one run. */
export interface ConnectorPlan {
  readonly repetitions: number;
  readonly sendsPerRepetition: number;
  readonly concurrency: number;
  readonly burst: number;
  readonly verifications: number;
  readonly deliveries: number;
}

/** One contender's figures over the repetitions (medians, with min and max). */
export interface Figure {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

const figure = (values: number[]): Figure => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
};

/** Requests in flight at most, like a client's connection pool (the emulator sheds a 1,000-connection burst). */
export const MAX_IN_FLIGHT = 64;

let inFlight = 0;
const waiting: (() => void)[] = [];

/**
 * The one transport of every contender: the emulator's loopback hosts over plain HTTP (the Domain
 * API hands out bare hosts, clients say `https://`), at most {@link MAX_IN_FLIGHT} requests at once.
 * lpkit and raw fetch both go through it, so the difference between them is lpkit's own work.
 */
export const loopbackFetch: FetchLike = async (request) => {
  while (inFlight >= MAX_IN_FLIGHT) {
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  inFlight += 1;
  try {
    return await globalThis.fetch(
      new Request(request.url.replace(/^https:\/\/(127\.0\.0\.1|localhost)/, "http://$1"), request),
    );
  } finally {
    inFlight -= 1;
    waiting.shift()?.();
  }
};

/** Runs `task(i)` for i < count with `concurrency` in flight; resolves with the wall time and CPU (µs). */
async function load(count: number, concurrency: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        await task(next++);
      }
    }),
  );
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuUs: used.user + used.system };
}

function connector(target: ConnectorTarget, fetch: FetchLike) {
  return createLivePersonConnector({
    accountId: target.accountId,
    clientId: target.clientId,
    clientSecret: target.clientSecret,
    domainApi: { baseUrl: target.url },
    fetch,
  });
}

/** SEND: sends per second and client CPU µs per send, lpkit and raw fetch, interleaved. */
export async function measureSend(target: ConnectorTarget, plan: ConnectorPlan) {
  const lp = connector(target, loopbackFetch);
  const ext = `bench-lpkit-${process.pid}`;
  await lp.sendText(ext, "warm-up"); // AppJWT, ConsumerJWS, conversation: once, before timing
  // raw fetch: the same three credentials fetched once by hand, then fixed headers.
  const token = (await lp.tokenManager.getToken()).accessToken;
  const rawExt = `bench-raw-${process.pid}`;
  const jws = (await lp.consumerJws(rawExt)).token;
  const { conversationId } = await lp.openConversation(rawExt);
  // Against a loopback Domain API the resolver hands out the origin with its scheme; otherwise a host.
  const asyncMessagingEnt = await lp.resolver.resolve("asyncMessagingEnt");
  const origin = /^https?:\/\//.test(asyncMessagingEnt) ? asyncMessagingEnt : `https://${asyncMessagingEnt}`;
  const url = `${origin}/api/account/${target.accountId}/messaging/consumer/conversation/send?v=3`;
  const headers = { authorization: token, "x-lp-on-behalf": jws, "content-type": "application/json" };
  const raw = async (i: number) => {
    const body = JSON.stringify({
      kind: "req",
      id: String(i),
      type: "ms.PublishEvent",
      body: {
        dialogId: conversationId,
        event: { type: "ContentEvent", contentType: "text/plain", message: `m${i}` },
      },
    });
    const response = await loopbackFetch(new Request(url, { method: "POST", headers, body }));
    const answer = (await response.json()) as { code?: unknown };
    if (response.status !== 200 || answer.code !== "OK") {
      throw new Error(`raw send: HTTP ${response.status}`);
    }
  };
  const lpkit = (i: number) => lp.sendText(ext, `m${i}`);
  const runs = { lpkit: [] as { ms: number; cpuUs: number }[], raw: [] as { ms: number; cpuUs: number }[] };
  for (let r = 0; r < plan.repetitions; r++) {
    const order = r % 2 === 0 ? (["lpkit", "raw"] as const) : (["raw", "lpkit"] as const);
    for (const name of order) {
      runs[name].push(await load(plan.sendsPerRepetition, plan.concurrency, name === "lpkit" ? lpkit : raw));
    }
  }
  lp.dispose();
  const summarise = (list: { ms: number; cpuUs: number }[]) => ({
    sendsPerSecond: figure(list.map((x) => (plan.sendsPerRepetition * 1000) / x.ms)),
    cpuUsPerSend: figure(list.map((x) => x.cpuUs / plan.sendsPerRepetition)),
  });
  return { lpkit: summarise(runs.lpkit), rawFetch: summarise(runs.raw) };
}

/** IdP and CONVERSATION requests caused by `plan.burst` concurrent first sends to one consumer. */
export async function measureBurst(target: ConnectorTarget, plan: ConnectorPlan) {
  const counts = { idp: 0, conversation: 0, send: 0 };
  const counting: FetchLike = (request) => {
    const path = new URL(request.url).pathname;
    if (path.endsWith("/consumer")) {
      counts.idp += 1;
    } else if (path.endsWith("/conversation")) {
      counts.conversation += 1;
    } else if (path.endsWith("/send")) {
      counts.send += 1;
    }
    return loopbackFetch(request);
  };
  const lp = connector(target, counting);
  const ext = `bench-burst-${process.pid}-${Date.now()}`;
  const results = await Promise.allSettled(
    // A generous limit per attempt: the burst counts requests, and a loaded machine queues 1,000 sends.
    Array.from({ length: plan.burst }, (_, i) => lp.sendText(ext, `burst ${i}`, { timeoutMs: 120_000 })),
  );
  lp.dispose();
  const reasons: Record<string, number> = {};
  for (const r of results) {
    if (r.status === "rejected") {
      const reason = r.reason as { name?: string; code?: string; status?: number };
      const key =
        `${reason.name ?? "Error"} ${reason.code ?? ""}${reason.status ? ` ${reason.status}` : ""}`.trim();
      reasons[key] = (reasons[key] ?? 0) + 1;
    }
  }
  return {
    sends: plan.burst,
    failed: results.filter((r) => r.status === "rejected").length,
    failures: reasons,
    consumerJwsRequests: counts.idp,
    conversationRequests: counts.conversation,
    sendRequests: counts.send,
  };
}

/** A typical agent-message delivery, with a distinct sequence per delivery (the receiver dedupes). */
export function deliveryBody(sequence: number): string {
  return JSON.stringify({
    kind: "notification",
    type: "ms.MessagingEventNotification",
    body: {
      changes: [
        {
          sequence,
          originatorId: "b1c2d3e4-agent",
          originatorMetadata: { id: "b1c2d3e4-agent", role: "ASSIGNED_AGENT" },
          serverTimestamp: 1_767_225_600_000 + sequence,
          event: {
            type: "ContentEvent",
            message: `Your parcel is on its way — n° ${sequence} 📦`,
            contentType: "text/plain",
          },
          conversationId: "bench-conversation",
          dialogId: "bench-conversation",
          messageAudience: "ALL",
        },
      ],
    },
  });
}

/** Signature verification: µs per delivery, lpkit's verifier (web crypto) vs node:crypto HMAC. */
export async function measureVerify(secret: string, plan: ConnectorPlan) {
  const body = new TextEncoder().encode(deliveryBody(1));
  const signature = await signWebhookBody(body, secret);
  const verifier = createSignatureVerifier({ secrets: [secret] });
  await verifier.verify(body, signature); // keys imported once, before timing
  const expected = Buffer.from(signature);
  const time = async (fn: () => unknown) => {
    const started = performance.now();
    for (let i = 0; i < plan.verifications; i++) {
      await fn();
    }
    return ((performance.now() - started) * 1000) / plan.verifications;
  };
  const lpkit: number[] = [];
  const node: number[] = [];
  for (let r = 0; r < plan.repetitions; r++) {
    lpkit.push(await time(() => verifier.verify(body, signature)));
    node.push(
      await time(() => {
        const mac = `sha1=${createHmac("sha1", secret).update(body).digest("base64")}`;
        if (!timingSafeEqual(Buffer.from(mac), expected)) {
          throw new Error("bad signature");
        }
      }),
    );
  }
  return { lpkitUs: figure(lpkit), nodeCryptoUs: figure(node), bodyBytes: body.byteLength };
}

async function serve(listener: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Receiver throughput (deliveries/s): lpkit's receiver vs a bare node:http handler, same HMAC. */
export async function measureReceiver(target: ConnectorTarget, plan: ConnectorPlan) {
  const secret = target.clientSecret;
  const bodies = await Promise.all(
    Array.from({ length: plan.deliveries * plan.repetitions * 2 }, async (_, i) => {
      const text = deliveryBody(i + 1);
      return { text, signature: await signWebhookBody(text, secret) };
    }),
  );
  let handed = 0;
  const receiver = createWebhookReceiver({
    accountId: target.accountId,
    clientId: target.clientId,
    clientSecret: secret,
    onContent: () => {
      handed += 1;
    },
  });
  const lpkit = await serve(toNodeListener(receiver));
  let bareAccepted = 0;
  const bare = await serve((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const mac = Buffer.from(`sha1=${createHmac("sha1", secret).update(raw).digest("base64")}`);
      const given = Buffer.from(String(req.headers["x-liveperson-signature"] ?? ""));
      if (mac.length !== given.length || !timingSafeEqual(mac, given)) {
        res.writeHead(401).end();
        return;
      }
      JSON.parse(raw.toString("utf8"));
      bareAccepted += 1;
      res.writeHead(200).end();
    });
  });
  let cursor = 0;
  const post = (url: string) => async () => {
    const { text, signature } = bodies[cursor++] as { text: string; signature: string };
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-liveperson-account-id": target.accountId,
        "x-liveperson-client-id": target.clientId,
        "x-liveperson-signature": signature,
      },
      body: text,
    });
    await response.arrayBuffer();
    if (response.status !== 200) {
      throw new Error(`delivery refused: HTTP ${response.status}`);
    }
  };
  const runs = { lpkit: [] as number[], bare: [] as number[] };
  for (let r = 0; r < plan.repetitions; r++) {
    for (const [name, server] of r % 2 === 0
      ? ([
          ["lpkit", lpkit],
          ["bare", bare],
        ] as const)
      : ([
          ["bare", bare],
          ["lpkit", lpkit],
        ] as const)) {
      const { ms } = await load(plan.deliveries, plan.concurrency, post(server.url));
      runs[name].push((plan.deliveries * 1000) / ms);
    }
  }
  await receiver.idle();
  await Promise.all([lpkit.close(), bare.close()]);
  return {
    lpkitPerSecond: figure(runs.lpkit),
    barePerSecond: figure(runs.bare),
    handedToCallbacks: handed,
    bareAccepted,
  };
}
