/**
 * `auth` as an authenticator (e.g. `@lpkit/auth`'s token manager): the header per request, and one
 * replay with a new token — same serialised body — after a 401.
 */
import { inspect } from "node:util";
import type { Authenticator } from "@lpkit/core";
import { GatewayError, InvalidArgumentError } from "@lpkit/core";
import { describe, expect, expectTypeOf, it, vi } from "vitest";
import { createFaasClient } from "./client.js";
import { recordingFetch, rejection, respond } from "./test-support/responses.js";
import type { FaasClientOptions } from "./types.js";

const ACCOUNT = "12345678";
const LAMBDA = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const EVENT = "bot_connectors_custom_integration";

/** An authenticator like a token manager: hands out token-1, token-2, … one per invalidation. */
function rotatingAuthenticator(options: { rotate?: boolean } = {}) {
  let version = 1;
  const invalidated: string[] = [];
  const authenticator = {
    authorization: vi.fn(
      async (_context: { signal?: AbortSignal | undefined }) => `Bearer secret-token-${version}`,
    ),
    invalidate: vi.fn(async (rejected: string) => {
      invalidated.push(rejected);
      if (options.rotate !== false && rejected === `Bearer secret-token-${version}`) {
        version += 1;
        return true;
      }
      return false;
    }),
  };
  return { authenticator, invalidated };
}

function setup(
  handler: (request: Request, index: number) => Response | Promise<Response>,
  options: Partial<FaasClientOptions> = {},
) {
  const recorder = recordingFetch(handler);
  const client = createFaasClient({
    baseUrl: "va.faasgw.liveperson.net",
    accountId: ACCOUNT,
    fetch: recorder.fetch,
    now: () => 1_700_000_000_000,
    sleep: async () => {},
    ...options,
  });
  return { client, calls: recorder.calls };
}

const unauthorized = () => respond(401, { code: "unauthorized", message: "token expired" });

describe.each([
  ["straight to fetch", {}],
  ["with no attempt deadline (timeoutMs: 0)", { timeoutMs: 0 }],
] as const)("401 replay with an authenticator, %s", (_name, extra) => {
  it("invalidates the rejected token, asks again and replays once with the same body", async () => {
    const { authenticator, invalidated } = rotatingAuthenticator();
    const { client, calls } = setup((_r, i) => (i === 0 ? unauthorized() : respond(200, { ok: true })), {
      auth: authenticator,
      ...extra,
    });
    const result = await client.invoke(LAMBDA, { order: "4711", text: "ünïcødé" }, { timestamp: 5 });
    expect(result.data).toEqual({ ok: true });
    expect(calls).toHaveLength(2);
    expect(invalidated).toEqual(["Bearer secret-token-1"]);
    expect(calls[0]?.headers.get("authorization")).toBe("Bearer secret-token-1");
    expect(calls[1]?.headers.get("authorization")).toBe("Bearer secret-token-2");
    expect(calls[1]?.body).toBe(calls[0]?.body);
    expect(JSON.parse(calls[1]?.body ?? "")).toEqual({
      timestamp: 5,
      headers: [],
      payload: { order: "4711", text: "ünïcødé" },
    });
    // Same request otherwise: URL, method, request id, content type.
    expect(calls[1]?.url.href).toBe(calls[0]?.url.href);
    expect(calls[1]?.method).toBe("POST");
    expect(calls[1]?.headers.get("x-request-id")).toBe(calls[0]?.headers.get("x-request-id"));
    expect(calls[1]?.headers.get("content-type")).toBe("application/json");
  });

  it("replays a bodyless isImplemented too", async () => {
    const { authenticator } = rotatingAuthenticator();
    const { client, calls } = setup(
      (_r, i) => (i === 0 ? unauthorized() : respond(200, { implemented: true })),
      {
        auth: authenticator,
        ...extra,
      },
    );
    expect(await client.isImplemented(EVENT)).toBe(true);
    expect(calls.map((c) => [c.method, c.body, c.headers.get("authorization")])).toEqual([
      ["GET", "", "Bearer secret-token-1"],
      ["GET", "", "Bearer secret-token-2"],
    ]);
  });

  it("never loops: a second 401 is a GatewayError after exactly two requests", async () => {
    const { authenticator } = rotatingAuthenticator();
    const { client, calls } = setup(unauthorized, { auth: authenticator, ...extra });
    const error = await rejection(client.invoke(LAMBDA, {}));
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 401 });
    expect(calls).toHaveLength(2);
    expect(authenticator.invalidate).toHaveBeenCalledTimes(1);
    const shown = `${String(error)} ${JSON.stringify(error)} ${inspect(error, { depth: 5 })}`;
    expect(shown).not.toContain("secret-token");
  });

  it("does not replay when the authenticator hands out the same token again", async () => {
    const { authenticator } = rotatingAuthenticator({ rotate: false });
    const { client, calls } = setup(unauthorized, { auth: authenticator, ...extra });
    expect(await rejection(client.invoke(LAMBDA, {}))).toMatchObject({ status: 401 });
    expect(calls).toHaveLength(1);
    expect(authenticator.invalidate).toHaveBeenCalledWith("Bearer secret-token-1");
    expect(authenticator.authorization).toHaveBeenCalledTimes(2);
  });

  it("never replays a 403 (a missing permission, not a stale token)", async () => {
    const { authenticator } = rotatingAuthenticator();
    const { client, calls } = setup(() => respond(403, { code: "forbidden" }), {
      auth: authenticator,
      ...extra,
    });
    expect(await rejection(client.invoke(LAMBDA, {}))).toMatchObject({ status: 403 });
    expect(calls).toHaveLength(1);
    expect(authenticator.invalidate).not.toHaveBeenCalled();
  });

  it("passes the 401 on when getting a new token fails", async () => {
    const { authenticator } = rotatingAuthenticator();
    authenticator.invalidate.mockRejectedValueOnce(new Error("store down"));
    const { client, calls } = setup(unauthorized, { auth: authenticator, ...extra });
    expect(await rejection(client.invoke(LAMBDA, {}))).toMatchObject({ status: 401 });
    expect(calls).toHaveLength(1);
  });
});

describe("auth variants without invalidate", () => {
  it("an authenticator without invalidate, a hook or a static token: a 401 is not replayed", async () => {
    for (const auth of [
      { authorization: async () => "Bearer secret-token-1" },
      async () => "Bearer secret-token-1",
      "secret-token-1",
    ]) {
      const { client, calls } = setup(unauthorized, { auth });
      expect(await rejection(client.invoke(LAMBDA, {}))).toMatchObject({ status: 401 });
      expect(calls).toHaveLength(1);
      expect(calls[0]?.headers.get("authorization")).toBe("Bearer secret-token-1");
    }
  });

  it("never echoes a client-wide Authorization header either, given as a record or as pairs", async () => {
    for (const extra of [
      {},
      { headers: [["Authorization", "Bearer secret-static-1"]] as [string, string][] },
    ]) {
      const { client, calls } = setup(() => respond(400, "bad: Bearer secret-static-1 rejected"), {
        headers: { Authorization: "Bearer secret-static-1" },
        ...extra,
      });
      const error = await rejection(client.invoke(LAMBDA, {}));
      expect(calls[0]?.headers.get("authorization")).toBe("Bearer secret-static-1");
      expect(`${String(error)} ${JSON.stringify(error)} ${inspect(error, { depth: 5 })}`).not.toContain(
        "secret-static-1",
      );
    }
  });

  it("checks an authenticator's shape and answers before any request", async () => {
    const fetch = vi.fn(async () => respond(200, {}));
    const bad = { authorization: async () => "Bearer x", invalidate: "nope" } as unknown as Authenticator;
    expect(() =>
      createFaasClient({ baseUrl: "va.faasgw.liveperson.net", accountId: ACCOUNT, auth: bad }),
    ).toThrow(InvalidArgumentError);
    const client = createFaasClient({
      baseUrl: "va.faasgw.liveperson.net",
      accountId: ACCOUNT,
      fetch,
      auth: { authorization: async () => "Bearer secret\r\nX-Evil: 1" },
    });
    const error = await rejection(client.invoke(LAMBDA, {}));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(String(error)).not.toContain("secret");
    expect(fetch).not.toHaveBeenCalled();
  });

  it("accepts a token manager's shape (optional context, wider invalidate, extra members)", () => {
    interface TokenManagerLike {
      authorization(context?: { signal?: AbortSignal | undefined }): Promise<string>;
      invalidate(rejected?: { accessToken: string } | string): Promise<boolean>;
      dispose(): void;
    }
    expectTypeOf<TokenManagerLike>().toMatchTypeOf<Authenticator>();
    expectTypeOf<TokenManagerLike>().toMatchTypeOf<NonNullable<FaasClientOptions["auth"]>>();
  });
});
