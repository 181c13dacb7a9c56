// The admin endpoint (issue 16): faults, clock, counters and the rate limit of a running emulator,
// for loopback peers only, never for a page of another origin or a rebound DNS name.
import http from "node:http";
import { describe, expect, it } from "vitest";
import { createAdminEndpoint } from "./admin.js";
import { BodyBudget } from "./body.js";
import { createClock } from "./clock.js";
import { DEMO } from "./config.js";
import { FaultSet } from "./faults.js";
import { StatsRecorder } from "./stats.js";
import { requestToken, useEmulator } from "./test-support/harness.js";
import { TokenRateLimiter } from "./token-rate-limit.js";

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** A raw request, so tests can set Host and Origin (fetch sets Host itself). */
function admin(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const text = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      new URL(`/__lpkit/${path}`, base),
      {
        method,
        headers: {
          ...(text === undefined ? {} : { "content-type": "application/json" }),
          ...options.headers,
        },
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          body += chunk;
        });
        response.once("end", () =>
          resolve({ status: response.statusCode ?? 0, body: body === "" ? undefined : JSON.parse(body) }),
        );
      },
    );
    request.once("error", reject);
    request.end(text);
  });
}

const demo = { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret };

describe("the admin endpoint", () => {
  const env = useEmulator({ admin: true });

  it("lists its endpoints and reports the counters, then resets them", async () => {
    const { emulator } = env();
    expect(emulator.adminUrl).toBe(`${emulator.url}/__lpkit`);
    expect((await admin(emulator.url, "GET", "")).body).toEqual({
      endpoints: ["stats", "faults", "clock", "rate-limit"],
    });
    await requestToken(emulator.url, DEMO.accountId, demo);
    const stats = await admin(emulator.url, "GET", "stats");
    expect(stats.status).toBe(200);
    expect((stats.body as { tokens: { issued: number } }).tokens.issued).toBeGreaterThan(0);
    expect((await admin(emulator.url, "DELETE", "stats")).status).toBe(204);
    expect(emulator.stats().tokens.issued).toBe(0);
  });

  it("adds, lists and removes fault rules", async () => {
    const { emulator } = env();
    const added = await admin(emulator.url, "POST", "faults", {
      body: { route: "sentinel.token.v2", status: 503, retryAfter: 2, times: 1 },
    });
    expect(added.status).toBe(201);
    const { id } = added.body as { id: number };
    const listed = await admin(emulator.url, "GET", "faults");
    expect(listed.body).toEqual({
      faults: [
        {
          id,
          rule: { route: "sentinel.token.v2", status: 503, retryAfter: 2, times: 1 },
          hits: 0,
          remaining: 1,
        },
      ],
    });
    expect((await requestToken(emulator.url, DEMO.accountId, demo)).status).toBe(503);
    expect((await requestToken(emulator.url, DEMO.accountId, demo)).status).toBe(200);
    const second = await admin(emulator.url, "POST", "faults", {
      body: { route: "domain.list", status: 500 },
    });
    const secondId = (second.body as { id: number }).id;
    expect((await admin(emulator.url, "DELETE", `faults/${secondId}`)).status).toBe(204);
    expect((await admin(emulator.url, "DELETE", `faults/${secondId}`)).status).toBe(404);
    await admin(emulator.url, "POST", "faults", { body: { route: "domain.list", status: 500 } });
    expect((await admin(emulator.url, "DELETE", "faults")).status).toBe(204);
    expect((await admin(emulator.url, "GET", "faults")).body).toEqual({ faults: [] });
  });

  it("answers 400 to a rule the emulator refuses, naming why", async () => {
    const { emulator } = env();
    const bad = await admin(emulator.url, "POST", "faults", { body: { route: "nope", status: 500 } });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: string }).error).toContain("unknown route nope");
  });

  it("reads, sets and moves the clock", async () => {
    const { emulator } = env();
    const set = await admin(emulator.url, "POST", "clock", { body: { clock: "2030-01-01T00:00:00Z" } });
    expect(set.status).toBe(200);
    expect((set.body as { iso: string }).iso.slice(0, 16)).toBe("2030-01-01T00:00");
    const moved = await admin(emulator.url, "POST", "clock", { body: { advanceMs: 3_600_000 } });
    expect((moved.body as { iso: string }).iso.slice(0, 16)).toBe("2030-01-01T01:00");
    await admin(emulator.url, "POST", "clock", { body: { clock: "-1h" } });
    const read = await admin(emulator.url, "GET", "clock");
    expect((read.body as { iso: string }).iso.slice(0, 16)).toBe("2030-01-01T00:00");
    expect((await admin(emulator.url, "POST", "clock", { body: { clock: "soon" } })).status).toBe(400);
    expect((await admin(emulator.url, "POST", "clock", { body: {} })).status).toBe(400);
    emulator.clock.set(Date.now());
  });

  it("sets and lifts Sentinel's rate limit", async () => {
    const { emulator } = env();
    expect((await admin(emulator.url, "GET", "rate-limit")).body).toEqual({ tokensPerMinute: null });
    const set = await admin(emulator.url, "POST", "rate-limit", { body: { tokensPerMinute: 7 } });
    expect(set.body).toEqual({ tokensPerMinute: 7 });
    expect(emulator.tokenRateLimit).toBe(7);
    expect((await admin(emulator.url, "POST", "rate-limit", { body: { tokensPerMinute: -1 } })).status).toBe(
      400,
    );
    await admin(emulator.url, "POST", "rate-limit", { body: { tokensPerMinute: null } });
    expect(emulator.tokenRateLimit).toBeUndefined();
  });

  it("refuses a rebound DNS name, a page of another origin, and writes without a JSON body", async () => {
    const { emulator } = env();
    const rebound = await admin(emulator.url, "GET", "stats", { headers: { host: "evil.example" } });
    expect(rebound.status).toBe(403);
    const page = await admin(emulator.url, "DELETE", "stats", { headers: { origin: "http://evil.example" } });
    expect(page.status).toBe(403);
    const opaque = await admin(emulator.url, "GET", "stats", { headers: { origin: "null" } });
    expect(opaque.status).toBe(403);
    const local = await admin(emulator.url, "GET", "stats", { headers: { origin: emulator.url } });
    expect(local.status).toBe(200);
    const form = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        new URL("/__lpkit/faults", emulator.url),
        { method: "POST", headers: { "content-type": "text/plain" } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.once("error", reject);
      request.end('{"route":"*","status":500}');
    });
    expect(form).toBe(415);
    expect((await admin(emulator.url, "GET", "faults")).body).toEqual({ faults: [] });
    expect((await admin(emulator.url, "GET", "nothing-here")).status).toBe(404);
  });

  it("keeps admin requests out of the API counters", async () => {
    const { emulator } = env();
    emulator.resetStats();
    await admin(emulator.url, "GET", "stats");
    expect(emulator.stats().requests.total).toBe(0);
  });
});

describe("without admin", () => {
  const env = useEmulator();

  it("serves no admin endpoint (the path is unknown)", async () => {
    const { emulator } = env();
    expect(emulator.adminUrl).toBeUndefined();
    expect((await admin(emulator.url, "GET", "stats")).status).toBe(404);
    await requestToken(emulator.url, DEMO.accountId, demo);
  });
});

describe("createAdminEndpoint", () => {
  it("refuses a peer that is not on loopback (an exposed emulator reached from another machine)", async () => {
    const clock = createClock();
    const endpoint = createAdminEndpoint({
      faults: new FaultSet(() => ({})),
      clock,
      baseNow: Date.now,
      stats: new StatsRecorder(),
      rateLimit: new TokenRateLimiter(clock, undefined),
      budget: new BodyBudget(1024),
    });
    const request = {
      method: "GET",
      headers: { host: "127.0.0.1:4000" },
      socket: { remoteAddress: "192.168.1.7" },
      readableEnded: true,
    } as unknown as http.IncomingMessage;
    const answer = await endpoint.handle(
      request,
      new URL("http://127.0.0.1:4000/__lpkit/stats"),
      () => undefined,
    );
    expect(answer.response.status).toBe(403);
    expect(JSON.parse(answer.response.body)).toEqual({
      error: "the admin endpoint answers loopback peers only",
    });
  });
});
