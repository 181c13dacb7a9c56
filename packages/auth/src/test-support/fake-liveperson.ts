/**
 * A fake LivePerson behind an injected `fetch`: the Domain API list endpoint, Sentinel's v1/v2
 * token endpoints and JWKS, and faasGW invoke. Every answer is programmable per endpoint, every
 * request is recorded, and answers can be held back until a test releases them.
 *
 * @module
 */
import type { FetchLike } from "@lpkit/core";

export const ACCOUNT = "12345678";
export const CLIENT_ID = "8f14e45f-ceea-467f-a0e6-0c3d5e1a7b21";
/** The client secret of every test; the secrets tests look for it everywhere. */
export const CLIENT_SECRET = "s3cr3t-CLIENT-do-not-leak-4f9a";
export const SENTINEL_HOST = "va.sentinel.liveperson.net";
export const FAAS_HOST = "va.faasgw.liveperson.net";
export const DOMAIN_BASE = "https://api.liveperson.net";

/** Every token the fake minted, so secrets tests can look for each one. */
export const mintedTokens: string[] = [];

function b64url(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = "";
  for (const b of bytes) {
    binary += String.fromCharCode(b);
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

let serial = 0;

/** An unsigned-looking JWT (fake signature) with the given claims; recorded in `mintedTokens`. */
export function fakeJwt(claims: Record<string, unknown>): string {
  serial += 1;
  const signature = `SIG${serial.toString(36)}x${Math.random().toString(36).slice(2, 12)}QZ`;
  const jwt = `${b64url({ kid: "appjwt-13-05-17", typ: "JWT", alg: "RS256" })}.${b64url(claims)}.${signature}`;
  mintedTokens.push(jwt);
  return jwt;
}

/** A token body as Sentinel sends it, lifetime `lifetimeSec` from `nowMs`. */
export function tokenBody(
  nowMs: number,
  lifetimeSec = 3600,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const iat = Math.floor(nowMs / 1000);
  return {
    access_token: fakeJwt({
      aud: ACCOUNT,
      azp: CLIENT_ID,
      scope: "faas.lambda.invoke",
      iss: "Sentinel",
      iat,
      exp: iat + lifetimeSec,
    }),
    token_type: "Bearer",
    expires_in: String(lifetimeSec),
    ...extra,
  };
}

/** A JSON response with any status — also faasGW's 901, which `new Response` refuses (status overridden). */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const constructible = status >= 200 && status <= 599;
  const response = new Response(JSON.stringify(body), {
    status: constructible ? status : 500,
    headers: { "content-type": "application/json", ...headers },
  });
  if (!constructible) {
    const clone = response.clone.bind(response);
    Object.defineProperties(response, {
      status: { value: status },
      ok: { value: false },
      clone: {
        value: () => Object.defineProperties(clone(), { status: { value: status }, ok: { value: false } }),
      },
    });
  }
  return response;
}

/** What an endpoint answers: a Response, or a function of the request; thrown errors become fetch failures. */
export type Answer = Response | ((request: Request) => Response | Promise<Response>);

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly body: string;
}

interface Endpoint {
  readonly queue: Answer[];
  fallback: Answer | undefined;
  readonly requests: RecordedRequest[];
  readonly holds: (() => void)[];
  held: boolean;
  readonly watchers: { count: number; resolve: () => void }[];
}

function endpoint(fallback?: Answer): Endpoint {
  return { queue: [], fallback, requests: [], holds: [], held: false, watchers: [] };
}

export type EndpointName = "domain" | "token" | "jwks" | "faas";

/** The fake: `fetch` to inject, programmable endpoints, and what was sent. */
export interface FakeLivePerson {
  readonly fetch: FetchLike;
  /** Queue one answer per call (then the fallback). */
  enqueue(name: EndpointName, ...answers: Answer[]): void;
  /** The answer used when the queue is empty. */
  setFallback(name: EndpointName, answer: Answer): void;
  /** Hold every answer of `name` until `release(name)`. */
  hold(name: EndpointName): void;
  release(name: EndpointName): void;
  requests(name: EndpointName): readonly RecordedRequest[];
  /** Resolves once `name` has received `count` requests in total. */
  waitForRequests(name: EndpointName, count: number): Promise<void>;
  /** Every request, all endpoints. */
  readonly all: RecordedRequest[];
}

/**
 * Creates the fake. `now` is the clock tokens are minted with (default `Date.now`).
 */
export function createFakeLivePerson(
  options: { now?: () => number; services?: Record<string, string> } = {},
): FakeLivePerson {
  const now = options.now ?? Date.now;
  const services = options.services ?? {
    sentinel: SENTINEL_HOST,
    faasGW: FAAS_HOST,
    agentVep: "va.agentvep.liveperson.net",
  };
  const endpoints: Record<EndpointName, Endpoint> = {
    domain: endpoint(() =>
      json({
        baseURIs: Object.entries(services).map(([service, baseURI]) => ({
          service,
          account: ACCOUNT,
          baseURI,
        })),
      }),
    ),
    token: endpoint(() => json(tokenBody(now()))),
    jwks: endpoint(() => json({ keys: [] })),
    faas: endpoint(() => json({ ok: true })),
  };
  const all: RecordedRequest[] = [];

  const route = (request: Request): EndpointName => {
    const url = new URL(request.url);
    if (url.pathname.includes("/service/") && url.pathname.endsWith("baseURI.json")) {
      return "domain";
    }
    if (url.pathname.endsWith("/app/token")) {
      return "token";
    }
    if (url.pathname.endsWith("/well-known/jwks")) {
      return "jwks";
    }
    return "faas";
  };

  const fetch: FetchLike = async (request) => {
    const name = route(request);
    const ep = endpoints[name];
    const recorded: RecordedRequest = {
      method: request.method,
      url: request.url,
      headers: new Headers(request.headers),
      body: request.body ? await request.clone().text() : "",
    };
    ep.requests.push(recorded);
    all.push(recorded);
    for (const watcher of [...ep.watchers]) {
      if (ep.requests.length >= watcher.count) {
        ep.watchers.splice(ep.watchers.indexOf(watcher), 1);
        watcher.resolve();
      }
    }
    const answer = ep.queue.length > 0 ? ep.queue.shift() : ep.fallback;
    if (ep.held) {
      await new Promise<void>((resolve) => ep.holds.push(resolve));
    }
    if (request.signal.aborted) {
      throw request.signal.reason ?? new DOMException("aborted", "AbortError");
    }
    if (answer === undefined) {
      throw new TypeError("fetch failed");
    }
    return typeof answer === "function" ? answer(request) : answer.clone();
  };

  return {
    fetch,
    enqueue(name, ...answers) {
      endpoints[name].queue.push(...answers);
    },
    setFallback(name, answer) {
      endpoints[name].fallback = answer;
    },
    hold(name) {
      endpoints[name].held = true;
    },
    release(name) {
      const ep = endpoints[name];
      ep.held = false;
      for (const resolve of ep.holds.splice(0)) {
        resolve();
      }
    },
    requests: (name) => endpoints[name].requests,
    waitForRequests: (name, count) =>
      new Promise<void>((resolve) => {
        const ep = endpoints[name];
        if (ep.requests.length >= count) {
          resolve();
        } else {
          ep.watchers.push({ count, resolve });
        }
      }),
    all,
  };
}

/** A fetch failure as undici reports a refused connection. */
export function connectionRefused(): never {
  throw Object.assign(new TypeError("fetch failed"), {
    cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
  });
}
