/**
 * The deadline fast path of an authenticator (`AUTHORIZE_WITHIN`, offered by @lpkit/auth's token
 * manager): the client prefers it, checks what it hands out like any other value, and maps an end
 * of the deadline during the wait as for `authorization`.
 */
import { type Authenticator, TimeoutError } from "@lpkit/core";
import { AUTHORIZE_WITHIN, type Deadline } from "@lpkit/core/internal";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createFaasClient } from "./client.js";
import { recordingFetch, rejection, respond } from "./test-support/responses.js";

const LAMBDA = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

function fastAuthenticator(answer: (deadline: Deadline) => Promise<string>) {
  const seen: Deadline[] = [];
  let slowCalls = 0;
  const auth: Authenticator = {
    authorization: async () => {
      slowCalls++;
      return "Bearer slow-path";
    },
    invalidate: async () => {},
  };
  Object.defineProperty(auth, AUTHORIZE_WITHIN, {
    value: (deadline: Deadline) => {
      seen.push(deadline);
      return answer(deadline);
    },
  });
  return { auth, seen, slowCalls: () => slowCalls };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("an authenticator's deadline fast path", () => {
  it("is used instead of authorization(), with the attempt's deadline", async () => {
    const { auth, seen, slowCalls } = fastAuthenticator(async () => "Bearer fast-path");
    const recorder = recordingFetch(() => respond(200, { ok: true }));
    const client = createFaasClient({
      baseUrl: "va.faasgw.liveperson.net",
      accountId: "12345678",
      fetch: recorder.fetch,
      auth,
    });
    await client.invoke(LAMBDA, {});
    expect(recorder.calls[0]?.headers.get("authorization")).toBe("Bearer fast-path");
    expect(seen).toHaveLength(1);
    expect(seen[0]?.aborted).toBe(false);
    expect(slowCalls()).toBe(0);
  });

  it("has what it hands out checked like any value", async () => {
    const { auth } = fastAuthenticator(async () => "Bearer x\r\nX-Evil: 1");
    const client = createFaasClient({
      baseUrl: "va.faasgw.liveperson.net",
      accountId: "12345678",
      fetch: recordingFetch(() => respond(200, {})).fetch,
      auth,
    });
    expect(await rejection(client.invoke(LAMBDA, {}))).toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
  });

  it("a wait the attempt's deadline ends is the attempt's TimeoutError; nothing is sent", async () => {
    vi.useFakeTimers();
    const { auth } = fastAuthenticator(
      (deadline) =>
        new Promise((_resolve, reject) => {
          deadline.signal.addEventListener("abort", () => reject(deadline.signal.reason), { once: true });
        }),
    );
    const recorder = recordingFetch(() => respond(200, {}));
    const client = createFaasClient({
      baseUrl: "va.faasgw.liveperson.net",
      accountId: "12345678",
      fetch: recorder.fetch,
      auth,
      timeoutMs: 1_000,
    });
    const pending = rejection(client.invoke(LAMBDA, {}));
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 1_000 });
    expect(recorder.calls).toHaveLength(0);
  });
});
