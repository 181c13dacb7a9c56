// Sentinel rate limiting (issue 19): N tokens per client per minute of emulator time, then 429 with
// Retry-After; counted in stats. Time moves with the emulator clock, never by waiting.
import { describe, expect, it } from "vitest";
import { DEMO } from "./config.js";
import { requestToken, useEmulator } from "./test-support/harness.js";

const v1 = { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret };
const v2 = { clientId: DEMO.v2ClientId, clientSecret: DEMO.v2ClientSecret };

/** A frozen base time: only the tests move the emulator clock. Each test starts an hour later. */
const BASE = Date.UTC(2030, 0, 1);
let hour = 0;
const freshHour = () => BASE + ++hour * 3_600_000;

describe("Sentinel rate limit", () => {
  const env = useEmulator({ tokensPerMinute: 2, now: () => BASE }, "strict");

  it("issues N tokens per client per minute, then answers 429 with Retry-After until a slot frees", async () => {
    const { emulator } = env();
    emulator.resetStats();
    emulator.clock.set(freshHour());
    expect((await requestToken(emulator.url, DEMO.accountId, v1)).status).toBe(200);
    emulator.clock.advance(10_000);
    expect((await requestToken(emulator.url, DEMO.accountId, v1, "v1-2.0")).status).toBe(200);
    emulator.clock.advance(10_000);
    const limited = await fetch(`${emulator.url}/sentinel/api/v2/account/${DEMO.accountId}/app/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...form(v1) }),
    });
    expect(limited.status).toBe(429);
    // The first token is 20 s old: its slot frees 40 s from now.
    expect(limited.headers.get("retry-after")).toBe("40");
    expect(await limited.json()).toEqual({
      error: "too_many_requests",
      error_description: "token rate limit exceeded for this client",
    });
    emulator.clock.advance(39_000);
    expect((await requestToken(emulator.url, DEMO.accountId, v1)).status).toBe(429);
    emulator.clock.advance(1_000);
    expect((await requestToken(emulator.url, DEMO.accountId, v1)).status).toBe(200);
    const { tokens } = emulator.stats();
    expect(tokens).toMatchObject({
      issued: 3,
      rateLimited: 2,
      rateLimitedByClient: { [DEMO.clientId]: 2 },
    });
  });

  it("counts each client on its own and refuses wrong credentials before counting", async () => {
    const { emulator } = env();
    emulator.clock.set(freshHour());
    emulator.resetStats();
    for (let index = 0; index < 2; index += 1) {
      expect((await requestToken(emulator.url, DEMO.accountId, v1)).status).toBe(200);
    }
    expect((await requestToken(emulator.url, DEMO.accountId, v1)).status).toBe(429);
    expect((await requestToken(emulator.url, DEMO.v2AccountId, v2)).status).toBe(200);
    const wrong = await requestToken(emulator.url, DEMO.v2AccountId, { ...v2, clientSecret: "wrong" });
    expect(wrong.status).toBe(401);
    expect((await requestToken(emulator.url, DEMO.v2AccountId, v2)).status).toBe(200);
    expect(emulator.stats().tokens).toMatchObject({ issued: 4, rejected: 1, rateLimited: 1 });
  });

  it("changes or lifts the limit while running", async () => {
    const { emulator } = env();
    emulator.clock.set(freshHour());
    emulator.setTokenRateLimit(undefined);
    expect(emulator.tokenRateLimit).toBeUndefined();
    for (let index = 0; index < 5; index += 1) {
      expect((await requestToken(emulator.url, DEMO.accountId, v1)).status).toBe(200);
    }
    emulator.setTokenRateLimit(5);
    expect((await requestToken(emulator.url, DEMO.accountId, v1)).status).toBe(429);
    expect(() => emulator.setTokenRateLimit(0)).toThrow(TypeError);
    emulator.setTokenRateLimit(2);
  });

  it("forgets tokens stamped after the clock was set back", async () => {
    const { emulator } = env();
    emulator.clock.set(freshHour());
    for (let index = 0; index < 2; index += 1) {
      await requestToken(emulator.url, DEMO.accountId, v1);
    }
    emulator.clock.advance(-3_600_000);
    expect((await requestToken(emulator.url, DEMO.accountId, v1)).status).toBe(200);
  });
});

function form(credentials: { clientId: string; clientSecret: string }): Record<string, string> {
  return {
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    grant_type: "client_credentials",
  };
}
