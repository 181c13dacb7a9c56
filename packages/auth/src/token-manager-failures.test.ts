import { NetworkError, TokenRequestError, UnexpectedResponseError } from "@lpkit/core";
import { afterAll, describe, expect, it } from "vitest";
import { flush } from "./test-support/fake-clock.js";
import { ACCOUNT, connectionRefused, fakeJwt, json } from "./test-support/fake-liveperson.js";
import { assertCollectedSecretFree, expectFailure } from "./test-support/secrets.js";
import { setup } from "./test-support/setup.js";

afterAll(assertCollectedSecretFree);

const oauthError = (
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
) => json({ error, error_description: description }, status, headers);

describe("5. failures", () => {
  it.each([
    ["a network error", () => connectionRefused()],
    ["408", () => json({}, 408)],
    ["429", () => json({}, 429)],
    ["500", () => json({}, 500)],
    ["502 with an HTML body", () => new Response("<html>bad gateway</html>", { status: 502 })],
    ["503", () => json({}, 503)],
  ])("5. failures: %s is retried with full-jitter back-off, then succeeds", async (_, failure) => {
    const { clock, lp, manager, eventsOf } = setup();
    lp.enqueue("token", failure, failure);
    const token = await manager.getToken();
    expect(token.accessToken).toMatch(/^eyJ/);
    expect(lp.requests("token")).toHaveLength(3);
    expect(clock.sleeps).toEqual([250, 500]); // random 0.5 × min(10 s, 500 ms × 2^n)
    expect(eventsOf("retry-scheduled").map((e) => [e.attempt, e.delayMs, e.maxAttempts])).toEqual([
      [1, 250, 3],
      [2, 500, 3],
    ]);
    expect(eventsOf("token-fetched")[0]).toMatchObject({ attempts: 3 });
  });

  it("5. failures: attempts are bounded; the last typed error surfaces", async () => {
    const { lp, manager } = setup();
    lp.setFallback("token", json({ error: "temporarily_unavailable" }, 503));
    const error = await expectFailure(manager.getToken());
    expect(error).toBeInstanceOf(TokenRequestError);
    expect(error).toMatchObject({ status: 503, error: "temporarily_unavailable", retryable: true });
    expect(lp.requests("token")).toHaveLength(3);
  });

  it("5. failures: a network error surfaces as NetworkError after the attempts", async () => {
    const { lp, manager } = setup({ retry: { maxRetries: 1 } });
    lp.setFallback("token", () => connectionRefused());
    const error = await expectFailure(manager.getToken());
    expect(error).toBeInstanceOf(NetworkError);
    expect(lp.requests("token")).toHaveLength(2);
  });

  it("5. failures: 429 Retry-After is honoured", async () => {
    const { clock, lp, manager, eventsOf } = setup();
    lp.enqueue("token", json({}, 429, { "retry-after": "7" }));
    await manager.getToken();
    expect(clock.sleeps).toEqual([7_000]);
    expect(eventsOf("retry-scheduled")[0]).toMatchObject({ retryAfterMs: 7_000, delayMs: 7_000 });
  });

  it("5. failures: 429 Retry-After is capped at maxRetryAfterMs", async () => {
    const { clock, lp, manager } = setup({ retry: { maxRetryAfterMs: 20_000 } });
    lp.enqueue("token", json({}, 429, { "retry-after": "3600" }));
    await manager.getToken();
    expect(clock.sleeps).toEqual([20_000]);
  });

  it.each([
    [400, "invalid_request", "client_id is missing"],
    [400, "invalid_client", "unknown client"],
    [401, "invalid_client", "client authentication failed"],
    [400, "invalid_grant", "grant not allowed"],
    [400, "unauthorized_client", "grant type not allowed"],
  ])(
    "5. failures: %i %s is never retried and surfaces typed (status, error, error_description)",
    async (status, code, description) => {
      const { clock, lp, manager } = setup();
      lp.setFallback("token", oauthError(status, code, description));
      const error = await expectFailure(manager.getToken());
      expect(error).toBeInstanceOf(TokenRequestError);
      expect(error).toMatchObject({
        status,
        error: code,
        errorDescription: description,
        retryable: false,
        code: "ERR_TOKEN_REQUEST",
      });
      expect(lp.requests("token")).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    },
  );

  it("5. failures: with no valid token, the caller gets the typed error at once — also while the next attempt backs off", async () => {
    const { clock, lp, manager, eventsOf } = setup();
    lp.enqueue("token", oauthError(401, "invalid_client", "bad secret"));
    const first = await expectFailure(manager.getToken());
    const [failed] = eventsOf("token-refresh-failed");
    expect(failed).toMatchObject({
      servingCachedToken: false,
      validUntil: undefined,
      consecutiveFailures: 1,
    });
    // Within the back-off: the same typed error at once, without hammering Sentinel.
    const again = await expectFailure(manager.getToken());
    expect(again).toBe(first);
    expect(lp.requests("token")).toHaveLength(1);
    // After it: a new attempt (which now succeeds).
    clock.set(failed!.nextAttemptAt);
    expect((await manager.getToken()).accessToken).toMatch(/^eyJ/);
    expect(lp.requests("token")).toHaveLength(2);
  });

  it("5. failures: a failed refresh in the soft window keeps serving the valid token and tries again later with back-off", async () => {
    const { clock, lp, manager, next } = setup();
    const old = await manager.getToken();
    clock.set(old.expiresAt - 120_000); // soft window
    lp.setFallback("token", json({}, 503));

    const failedEvent = next("token-refresh-failed");
    expect((await manager.getToken()).accessToken).toBe(old.accessToken);
    const failed = await failedEvent;
    await flush(); // the event comes from inside the renewal; let it settle before asking again
    expect(failed).toMatchObject({
      servingCachedToken: true,
      validUntil: old.expiresAt,
      attempts: 3,
      consecutiveFailures: 1,
    });
    expect(lp.requests("token")).toHaveLength(4); // 1 + 3 attempts

    // Before the next attempt is due: served from cache, no request.
    clock.set(failed.nextAttemptAt - 1);
    expect((await manager.getToken()).accessToken).toBe(old.accessToken);
    await flush();
    expect(lp.requests("token")).toHaveLength(4);

    // Due again: the second failure backs off further.
    clock.set(failed.nextAttemptAt);
    const secondEvent = next("token-refresh-failed");
    expect((await manager.getToken()).accessToken).toBe(old.accessToken);
    const second = await secondEvent;
    await flush();
    expect(second.consecutiveFailures).toBe(2);

    // Sentinel recovers: the next due attempt replaces the token.
    lp.setFallback("token", () =>
      json({
        access_token: fakeJwt({
          iss: "Sentinel",
          aud: ACCOUNT,
          iat: Math.floor(clock.now() / 1000),
          exp: Math.floor(clock.now() / 1000) + 3600,
        }),
        token_type: "Bearer",
      }),
    );
    clock.set(second.nextAttemptAt);
    const refreshed = next("token-refreshed");
    await manager.getToken();
    expect(await refreshed).toMatchObject({ renewed: true });
    expect((await manager.getToken()).accessToken).not.toBe(old.accessToken);
  });

  it("5. failures: a failed refresh in the hard window still serves the valid token", async () => {
    const { clock, lp, manager } = setup();
    const old = await manager.getToken();
    clock.set(old.expiresAt - 20_000);
    lp.setFallback("token", json({}, 500));
    const token = await manager.getToken();
    expect(token.accessToken).toBe(old.accessToken);
    expect(clock.now()).toBeLessThan(old.expiresAt); // the retries' sleeps advanced the clock, token still valid
  });

  it("5. failures: once the token has expired a failing refresh gives the error, never the expired token", async () => {
    const { clock, lp, manager } = setup();
    const old = await manager.getToken();
    clock.set(old.expiresAt + 1);
    lp.setFallback("token", json({}, 500));
    const error = await expectFailure(manager.getToken());
    expect(error).toBeInstanceOf(TokenRequestError);
  });

  it("5. failures: a token that has already expired on arrival is refused (UnexpectedResponseError)", async () => {
    const { clock, lp, manager } = setup();
    const past = Math.floor(clock.now() / 1000) - 7200;
    lp.setFallback(
      "token",
      json({ access_token: fakeJwt({ iss: "Sentinel", iat: past, exp: past + 3600 }), token_type: "Bearer" }),
    );
    const error = await expectFailure(manager.getToken());
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(lp.requests("token")).toHaveLength(1);
  });

  it("5. failures: a 2xx body that is not a token is not retried", async () => {
    const { lp, manager } = setup();
    lp.setFallback("token", json({ hello: "world" }));
    expect(await expectFailure(manager.getToken())).toBeInstanceOf(UnexpectedResponseError);
    expect(lp.requests("token")).toHaveLength(1);
  });

  it("5. failures: dispose() stops a back-off and later calls fail with AbortError", async () => {
    const { lp, manager } = setup({
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) =>
          signal?.addEventListener("abort", () => reject(signal.reason), { once: true }),
        ),
    });
    lp.setFallback("token", json({}, 503));
    const pending = manager.getToken();
    await lp.waitForRequests("token", 1);
    await flush();
    manager.dispose();
    expect((await expectFailure(pending)).name).toBe("AbortError");
    expect((await expectFailure(manager.getToken())).name).toBe("AbortError");
    expect(lp.requests("token")).toHaveLength(1);
  });
});
