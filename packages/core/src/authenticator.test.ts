import { describe, expect, it, vi } from "vitest";
import type { Authenticator } from "./index.js";
import { replayAuthorization } from "./internal.js";

function rotating() {
  let version = 1;
  const auth = {
    authorization: vi.fn(async () => `Bearer token-${version}`),
    invalidate: vi.fn(async (rejected: string) => {
      if (rejected === `Bearer token-${version}`) {
        version += 1;
      }
    }),
  } satisfies Authenticator;
  return auth;
}

describe("the 401-replay rule", () => {
  it("after a 401: invalidates the rejected value and returns the new one", async () => {
    const auth = rotating();
    expect(await replayAuthorization(auth, 401, "Bearer token-1", undefined)).toBe("Bearer token-2");
    expect(auth.invalidate).toHaveBeenCalledWith("Bearer token-1");
  });

  it("never on 403 or any other status", async () => {
    const auth = rotating();
    for (const status of [403, 400, 500, 200]) {
      expect(await replayAuthorization(auth, status, "Bearer token-1", undefined)).toBeUndefined();
    }
    expect(auth.invalidate).not.toHaveBeenCalled();
  });

  it("not when the new value equals the rejected one, nor without invalidate", async () => {
    const same = { authorization: async () => "Bearer same", invalidate: async () => true };
    expect(await replayAuthorization(same, 401, "Bearer same", undefined)).toBeUndefined();
    expect(
      await replayAuthorization({ authorization: async () => "x" }, 401, "y", undefined),
    ).toBeUndefined();
  });

  it("passes the 401 on when no new value can be had, unless the signal ended the wait", async () => {
    const failing = {
      authorization: async () => Promise.reject(new Error("down")),
      invalidate: async () => true,
    };
    expect(await replayAuthorization(failing, 401, "Bearer a", undefined)).toBeUndefined();
    await expect(replayAuthorization(failing, 401, "Bearer a", AbortSignal.abort())).rejects.toThrow("down");
  });
});
