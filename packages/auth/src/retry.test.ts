import {
  AbortError,
  NetworkError,
  TimeoutError,
  TokenRequestError,
  UnexpectedResponseError,
} from "@lpkit/core";
import { backoffDelay, resolveRetryPolicy, withRetry } from "@lpkit/core/internal";
import { afterAll, describe, expect, it } from "vitest";
import { classifyTokenError, DEFAULT_RETRY_POLICY, retryDelay, tokenRetryDelay } from "./retry.js";

const fullJitterDelay = backoffDelay;

import { assertCollectedSecretFree, expectFailure, expectThrow } from "./test-support/secrets.js";

afterAll(assertCollectedSecretFree);

describe("5. failures: the retry policy", () => {
  it("5. retry policy: full-jitter exponential back-off, capped at maxDelayMs", () => {
    expect(fullJitterDelay(0, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(250);
    expect(fullJitterDelay(1, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(500);
    expect(fullJitterDelay(2, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(1_000);
    expect(fullJitterDelay(10, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(5_000);
    expect(fullJitterDelay(3, DEFAULT_RETRY_POLICY, () => 0)).toBe(0);
  });

  it("5. retry policy: Retry-After is honoured (never shorter) and capped at maxRetryAfterMs", () => {
    expect(retryDelay(0, 7_000, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(7_000);
    expect(retryDelay(0, 10, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(250);
    expect(retryDelay(0, 3_600_000, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(30_000);
  });

  it("5. retry policy: network errors, timeouts, 408, 429 and 5xx are retryable; OAuth refusals are not", () => {
    const status = (s: number) => new TokenRequestError("x", { status: s });
    expect(classifyTokenError(new NetworkError("down", "connect")).retry).toBe(true);
    expect(classifyTokenError(new TimeoutError("slow", 10)).retry).toBe(true);
    for (const s of [408, 429, 500, 502, 503, 504]) {
      expect(classifyTokenError(status(s)).retry).toBe(true);
    }
    for (const s of [400, 401, 403, 404]) {
      expect(classifyTokenError(status(s)).retry).toBe(false);
    }
    expect(classifyTokenError(new UnexpectedResponseError("bad body", { status: 200 })).retry).toBe(false);
    expect(classifyTokenError(new AbortError("stop")).retry).toBe(false);
    expect(classifyTokenError(new Error("?")).retry).toBe(false);
  });

  it("5. retry policy: the loop stops after maxRetries and reports each scheduled retry", async () => {
    const sleeps: number[] = [];
    const retries: number[] = [];
    let calls = 0;
    const policy = resolveRetryPolicy({ maxRetries: 3 }, DEFAULT_RETRY_POLICY);
    const error = await expectFailure(
      withRetry(
        async () => {
          calls += 1;
          throw new TokenRequestError("busy", { status: 503 });
        },
        {
          maxRetries: policy.maxRetries,
          delayFor: tokenRetryDelay(policy, () => 0.5),
          sleep: async (ms) => {
            sleeps.push(ms);
          },
          onRetry: (info) => retries.push(info.attempt),
        },
      ),
    );
    expect(error).toBeInstanceOf(TokenRequestError);
    expect(calls).toBe(4);
    expect(sleeps).toEqual([250, 500, 1_000]);
    expect(retries).toEqual([1, 2, 3]);
  });

  it("5. retry policy: OAuth refusals are never retried", async () => {
    let calls = 0;
    const refusal = new TokenRequestError("refused", { status: 401, oauthError: "invalid_client" });
    const error = await expectFailure(
      withRetry(
        async () => {
          calls += 1;
          throw refusal;
        },
        { maxRetries: 5, delayFor: tokenRetryDelay(DEFAULT_RETRY_POLICY, () => 0.5), sleep: async () => {} },
      ),
    );
    expect(error).toBe(refusal);
    expect(calls).toBe(1);
  });

  it("5. retry policy: maxRetries must be a whole number from 0 to 10; the old attempts is refused", () => {
    for (const maxRetries of [-1, 11, 1.5, Number.NaN]) {
      expect(expectThrow(() => resolveRetryPolicy({ maxRetries }, DEFAULT_RETRY_POLICY)).message).toMatch(
        /retry\.maxRetries/,
      );
    }
    expect(expectThrow(() => resolveRetryPolicy({ attempts: 3 }, DEFAULT_RETRY_POLICY)).message).toMatch(
      /retry\.attempts/,
    );
    expect(expectThrow(() => resolveRetryPolicy({ baseDelayMs: -1 }, DEFAULT_RETRY_POLICY)).message).toMatch(
      /retry\.baseDelayMs/,
    );
  });
});
