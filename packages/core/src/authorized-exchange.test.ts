import { describe, expect, it, vi } from "vitest";
import {
  AbortError,
  type Authenticator,
  TimeoutError,
  type Transport,
  type TransportRequest,
} from "./index.js";
import { authorizedExchange } from "./internal.js";

const URL_ = "https://idp.example.test/api/account/1/consumer?v=1.0";

function recording(statuses: number[]) {
  const seen: TransportRequest[] = [];
  const transport: Transport = {
    async send(request) {
      seen.push({ ...request, headers: { ...request.headers } });
      const status = statuses[seen.length - 1] ?? 200;
      return { status, statusText: "", headers: new Headers(), body: `{"n":${seen.length}}` };
    },
  };
  return { seen, transport };
}

function rotating(): Authenticator & { version: number } {
  const auth = {
    version: 1,
    authorization: vi.fn(async () => `token-${auth.version}`),
    invalidate: vi.fn(async (rejected: string) => {
      if (rejected === `token-${auth.version}`) {
        auth.version += 1;
      }
    }),
  };
  return auth;
}

const base = { header: "authorization", timeoutMs: 5_000, maxBodyBytes: 1_000, what: "test call" };
const request = () => ({
  method: "POST",
  url: URL_,
  headers: { "content-type": "application/json" },
  body: "{}",
});

describe("authorizedExchange", () => {
  it("puts the value into the header and returns the answer with the values sent", async () => {
    const { seen, transport } = recording([201]);
    const auth = rotating();
    const result = await authorizedExchange(request(), { ...base, auth, transport });
    expect(result).toMatchObject({ answer: { status: 201 }, sent: ["token-1"], replayed: false });
    expect(seen[0]?.headers.authorization).toBe("token-1");
    expect(seen[0]?.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("replays once with a new value after a 401, with the same body and request id — never twice", async () => {
    const { seen, transport } = recording([401, 401, 200]);
    const auth = rotating();
    const result = await authorizedExchange(request(), { ...base, auth, transport });
    expect(result).toMatchObject({ answer: { status: 401 }, sent: ["token-1", "token-2"], replayed: true });
    expect(seen.map((r) => r.headers.authorization)).toEqual(["token-1", "token-2"]);
    expect(seen[1]?.body).toBe("{}");
    expect(seen[1]?.headers["x-request-id"]).toBe(seen[0]?.headers["x-request-id"]);
  });

  it("replays by the caller's rule only, and not when the value does not change", async () => {
    const custom = recording([400, 200]);
    const auth = rotating();
    await authorizedExchange(request(), {
      ...base,
      auth,
      transport: custom.transport,
      rejectsCredential: (answer) => answer.status === 400,
    });
    expect(custom.seen).toHaveLength(2);
    const fixed = recording([401, 200]);
    const result = await authorizedExchange(request(), {
      ...base,
      auth: { authorization: async () => "same", invalidate: async () => {} },
      transport: fixed.transport,
    });
    expect(result.replayed).toBe(false);
    expect(fixed.seen).toHaveLength(1);
    const noInvalidate = recording([401, 200]);
    await authorizedExchange(request(), {
      ...base,
      auth: { authorization: async () => "x" },
      transport: noInvalidate.transport,
    });
    expect(noInvalidate.seen).toHaveLength(1);
  });

  it("a wait for the credential that outlives the deadline is a TimeoutError, and nothing is sent", async () => {
    const { seen, transport } = recording([200]);
    const slow: Authenticator = {
      authorization: ({ signal }) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener("abort", () => reject(new AbortError("gave up")), { once: true });
        }),
    };
    // The deadline under test is a timeout: 50 ms, and the source never answers.
    const error = await authorizedExchange(request(), {
      ...base,
      timeoutMs: 50,
      auth: slow,
      transport,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toContain("test call");
    expect(seen).toHaveLength(0);
  });

  it("passes the authenticator's own typed error on, and a caller's abort is an AbortError", async () => {
    const { transport } = recording([200]);
    const failing: Authenticator = {
      authorization: async () => {
        throw new TimeoutError("sentinel slow", 10);
      },
    };
    await expect(authorizedExchange(request(), { ...base, auth: failing, transport })).rejects.toThrow(
      "sentinel slow",
    );
    const controller = new AbortController();
    controller.abort();
    const error = await authorizedExchange(request(), {
      ...base,
      auth: rotating(),
      transport,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
  });
});
