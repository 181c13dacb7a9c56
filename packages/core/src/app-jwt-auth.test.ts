import { describe, expect, it, vi } from "vitest";
import { InvalidArgumentError } from "./index.js";
import { assertRawAppJwt, toAppJwtAuthenticator } from "./internal.js";

const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJhenAiOiJhcHAifQ.c2lnbmF0dXJl";
const OTHER = "eyJhbGciOiJSUzI1NiJ9.eyJhenAiOiJhcHAyIn0.c2lnbmF0dXJlMg";

function refusal(run: () => unknown): InvalidArgumentError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).not.toContain(JWT.slice(0, 24));
    return error as InvalidArgumentError;
  }
  throw new Error("expected a refusal");
}

async function rejection(promise: Promise<unknown>): Promise<InvalidArgumentError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidArgumentError);
  expect((error as Error).message).not.toContain(JWT.slice(0, 24));
  return error as InvalidArgumentError;
}

describe("assertRawAppJwt", () => {
  it("accepts a compact JWT and refuses prefixes, blanks, header injection and non-strings", () => {
    expect(assertRawAppJwt(JWT)).toBe(JWT);
    for (const bad of ["", " ", `Bearer ${JWT}`, `jwt ${JWT}`, "not-a-jwt", `${JWT}\r\nX: 1`, 7, null]) {
      expect(refusal(() => assertRawAppJwt(bad)).argument).toBe("appJwt");
    }
  });
});

describe("toAppJwtAuthenticator", () => {
  it("a static token: handed out as is, no invalidate (nothing to renew)", async () => {
    const auth = toAppJwtAuthenticator(JWT);
    expect(await auth.authorization({})).toBe(JWT);
    expect(auth.invalidate).toBeUndefined();
    expect(refusal(() => toAppJwtAuthenticator(`Bearer ${JWT}`)).argument).toBe("auth");
  });

  it("a token source (a token manager): its raw accessToken, never authorization(); invalidate with the raw token", async () => {
    let current = JWT;
    const source = {
      getToken: vi.fn(async (_options?: { signal?: AbortSignal }) => ({ accessToken: current })),
      authorization: vi.fn(async () => `Bearer ${current}`),
      invalidate: vi.fn(async (rejected: string) => {
        if (rejected === current) {
          current = OTHER;
        }
        return true;
      }),
    };
    const auth = toAppJwtAuthenticator(source);
    const signal = new AbortController().signal;
    expect(await auth.authorization({ signal })).toBe(JWT);
    expect(source.getToken).toHaveBeenCalledWith({ signal });
    expect(source.authorization).not.toHaveBeenCalled();
    await auth.invalidate?.(JWT);
    expect(source.invalidate).toHaveBeenCalledWith(JWT);
    expect(await auth.authorization({})).toBe(OTHER);
  });

  it("an authenticator or a hook: each value checked, so one that adds Bearer fails clearly", async () => {
    const bearer = toAppJwtAuthenticator({ authorization: async () => `Bearer ${JWT}` });
    expect((await rejection(bearer.authorization({}))).argument).toBe("auth");
    const hook = toAppJwtAuthenticator(async () => JWT);
    expect(await hook.authorization({})).toBe(JWT);
    const blank = toAppJwtAuthenticator(async () => "");
    await rejection(blank.authorization({}));
    const invalidate = vi.fn(async () => {});
    const withInvalidate = toAppJwtAuthenticator({ authorization: async () => JWT, invalidate });
    await withInvalidate.invalidate?.(JWT);
    expect(invalidate).toHaveBeenCalledWith(JWT);
  });

  it("refuses anything else, naming the option", () => {
    for (const bad of [
      undefined,
      null,
      42,
      {},
      { getToken: 1 },
      { authorization: async () => JWT, invalidate: 1 },
    ]) {
      expect(refusal(() => toAppJwtAuthenticator(bad, "appJwt")).argument).toBe("appJwt");
    }
  });
});
