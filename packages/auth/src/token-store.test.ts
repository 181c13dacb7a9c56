import { afterAll, describe, expect, it } from "vitest";
import { type AccessToken, createAccessToken, decodeStoredToken, encodeStoredToken } from "./access-token.js";
import { createFakeClock, flush } from "./test-support/fake-clock.js";
import {
  ACCOUNT,
  CLIENT_ID,
  createFakeLivePerson,
  fakeJwt,
  SENTINEL_HOST,
} from "./test-support/fake-liveperson.js";
import { assertCollectedSecretFree, collector, expectThrow } from "./test-support/secrets.js";
import { setup } from "./test-support/setup.js";
import { tokenCacheKey } from "./token-cache-key.js";
import { createMemoryTokenStore, type TokenStore } from "./token-store.js";

afterAll(assertCollectedSecretFree);

const KEY = tokenCacheKey({
  accountId: ACCOUNT,
  clientId: CLIENT_ID,
  version: "v2",
  sentinelHost: SENTINEL_HOST,
});

/** A "remote" store that keeps strings and never expires anything by itself (like a careless Redis). */
function stringStore() {
  const data = new Map<string, string>();
  const store: TokenStore = {
    async get(key) {
      return decodeStoredToken(data.get(key));
    },
    async set(key, token) {
      data.set(key, encodeStoredToken(token));
    },
    async delete(key) {
      data.delete(key);
    },
  };
  return { store, data };
}

describe("8. shared store", () => {
  it("8. shared store: two processes sharing one store make one token request", async () => {
    const clock = createFakeClock();
    const lp = createFakeLivePerson({ now: clock.now });
    const { store } = stringStore();
    const processA = setup({ store }, { clock, lp }).manager;
    const processB = setup({ store }, { clock, lp }).manager;
    const a = await processA.getToken();
    const b = await processB.getToken();
    expect(b.accessToken).toBe(a.accessToken);
    expect(lp.requests("token")).toHaveLength(1);
  });

  it("8. shared store: a token another process put in the store is picked up when this one's copy is due", async () => {
    const clock = createFakeClock();
    const { store } = stringStore();
    const { manager: reader, lp } = setup({ store }, { clock });
    const first = await reader.getToken();
    const newer = createAccessToken({
      accessToken: fakeJwt({ iss: "Sentinel" }),
      tokenType: "Bearer",
      expiresAt: clock.now() + 7_200_000,
      issuedAt: clock.now(),
    });
    await store.set(KEY, newer, 7_200_000);
    // While its own copy is fresh, the reader does not look (13.5: no store read on the warm path).
    expect((await reader.getToken()).accessToken).toBe(first.accessToken);
    // In the soft window it looks before asking Sentinel, and takes the newer one.
    clock.set(first.expiresAt - 60_000);
    await reader.getToken();
    await flush();
    expect((await reader.getToken()).accessToken).toBe(newer.accessToken);
    expect(lp.requests("token")).toHaveLength(1);
  });

  it("13.5 the warm path does not read the store while the process copy is fresh", async () => {
    const { store: inner } = stringStore();
    let reads = 0;
    const store: TokenStore = {
      ...inner,
      get: (key) => {
        reads += 1;
        return inner.get(key);
      },
    };
    const { manager } = setup({ store });
    await manager.getToken(); // cold: one read, then the fetch
    expect(reads).toBe(1);
    for (let i = 0; i < 100; i++) {
      await manager.getToken();
    }
    expect(reads).toBe(1);
  });

  it("8. shared store: expiry is re-checked on every read — an expired entry is never served", async () => {
    const { store, data } = stringStore();
    const { clock, lp, manager } = setup({ store });
    const first = await manager.getToken();
    clock.set(first.expiresAt + 1);
    expect(data.has(KEY)).toBe(true); // the careless store still returns it…
    const second = await manager.getToken(); // …but it is ignored
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(lp.requests("token")).toHaveLength(2);
  });

  it("8. shared store: a damaged entry is a cache miss, not an error", async () => {
    const { store, data } = stringStore();
    const { lp, manager } = setup({ store });
    data.set(KEY, "{not json");
    await manager.getToken();
    expect(lp.requests("token")).toHaveLength(1);
    const weird: TokenStore = {
      get: async () => ({ accessToken: 42, expiresAt: "tomorrow" }) as unknown as AccessToken,
      set: async () => {},
      delete: async () => {},
    };
    const other = setup({ store: weird });
    expect((await other.manager.getToken()).accessToken).toMatch(/^eyJ/);
  });

  it("8. shared store: a store that fails never fails the caller (this process's copy is used, a warning logged)", async () => {
    let failing = false;
    const { store: inner } = stringStore();
    const store: TokenStore = {
      get: async (key) => {
        if (failing) {
          throw new Error("redis: connection lost");
        }
        return inner.get(key);
      },
      set: async (key, token, ttl) => {
        if (failing) {
          throw new Error("redis: connection lost");
        }
        return inner.set(key, token, ttl);
      },
      delete: async () => {
        throw new Error("redis: connection lost");
      },
    };
    const { lp, manager } = setup({ store });
    const token = await manager.getToken();
    failing = true;
    expect((await manager.getToken()).accessToken).toBe(token.accessToken);
    expect(lp.requests("token")).toHaveLength(1);
    await manager.invalidate();
    expect((await manager.getToken()).accessToken).not.toBe(token.accessToken);
    expect(collector.logs.some((l) => l.level === "warn" && l.message.includes("token store failed"))).toBe(
      true,
    );
  });

  it("8. shared store: the in-memory default drops entries once they expire", async () => {
    const clock = createFakeClock();
    const store = createMemoryTokenStore({ now: clock.now });
    const token = createAccessToken({
      accessToken: fakeJwt({}),
      tokenType: "Bearer",
      expiresAt: clock.now() + 1_000,
      issuedAt: clock.now(),
    });
    await store.set("k", token, 1_000);
    expect(await store.get("k")).toBe(token);
    clock.advance(1_000);
    expect(await store.get("k")).toBeUndefined();
    await store.set("k", token, 1_000);
    await store.delete("k");
    expect(await store.get("k")).toBeUndefined();
  });

  it("8. shared store: encodeStoredToken/decodeStoredToken round-trip; JSON.stringify(token) stays redacted", () => {
    const token = createAccessToken({
      accessToken: fakeJwt({}),
      tokenType: "bearer",
      expiresAt: 2_000,
      issuedAt: 1_000,
    });
    expect(token.tokenType).toBe("Bearer");
    const decoded = decodeStoredToken(encodeStoredToken(token));
    // accessToken is not enumerable (13.1): compared on its own.
    expect(decoded?.accessToken).toBe(token.accessToken);
    expect({ ...decoded }).toEqual({ tokenType: "Bearer", expiresAt: 2_000, issuedAt: 1_000 });
    expect(JSON.stringify(token)).not.toContain(token.accessToken);
    expect(decodeStoredToken(null)).toBeUndefined();
    expect(decodeStoredToken('[2,"x"]')).toBeUndefined();
  });

  it("8. shared store: createAccessToken, encodeStoredToken and createMemoryTokenStore check their arguments", () => {
    const jwt = fakeJwt({ exp: 2_000_000_000 });
    collector.secrets.push(jwt);
    const valid = { accessToken: jwt, tokenType: "Bearer", expiresAt: 1, issuedAt: 0 };
    for (const [fields, argument] of [
      [null, "fields"],
      [{ ...valid, accessToken: "" }, "accessToken"],
      [{ ...valid, accessToken: 42 }, "accessToken"],
      [{ ...valid, tokenType: " " }, "tokenType"],
      [{ ...valid, expiresAt: Number.NaN }, "expiresAt"],
      [{ ...valid, issuedAt: "0" }, "issuedAt"],
    ] as const) {
      const error = expectThrow(() => createAccessToken(fields as never));
      expect(error).toMatchObject({ code: "ERR_INVALID_ARGUMENT", argument });
    }
    for (const token of [
      null,
      "eyJ.a.b",
      { accessToken: jwt },
      { ...valid, expiresAt: Number.POSITIVE_INFINITY },
    ]) {
      expect(expectThrow(() => encodeStoredToken(token as never))).toMatchObject({ argument: "token" });
    }
    expect(decodeStoredToken(encodeStoredToken(createAccessToken(valid)))?.accessToken).toBe(jwt);
    // A damaged entry stays a cache miss, never an error.
    expect(decodeStoredToken(JSON.stringify([1, jwt, "", 5, 1]))).toBeUndefined();
    expect(decodeStoredToken(JSON.stringify([1, "  ", "Bearer", 5, 1]))).toBeUndefined();
    expect(expectThrow(() => createMemoryTokenStore(null as never))).toMatchObject({ argument: "options" });
    expect(expectThrow(() => createMemoryTokenStore({ now: 5 as never }))).toMatchObject({ argument: "now" });
  });

  it("8. shared store: invalidate() deletes from the shared store; another process drops its copy on its own 401", async () => {
    const clock = createFakeClock();
    const lp = createFakeLivePerson({ now: clock.now });
    const { store, data } = stringStore();
    const a = setup({ store }, { clock, lp }).manager;
    const b = setup({ store }, { clock, lp }).manager;
    const first = await a.getToken();
    expect(await b.invalidate(first)).toBe(true);
    expect(data.has(KEY)).toBe(false);
    // a still holds its copy (no store read while it is fresh) until a server rejects it…
    expect((await a.getToken()).accessToken).toBe(first.accessToken);
    // …then its 401 drops it, and a new token comes.
    expect(await a.invalidate(`Bearer ${first.accessToken}`)).toBe(true);
    const second = await a.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    // b, which never held a token, now finds the new one in the store.
    expect((await b.getToken()).accessToken).toBe(second.accessToken);
    // A stale rejection (the token was already replaced) drops nothing.
    expect(await b.invalidate(first.accessToken)).toBe(false);
    expect(lp.requests("token")).toHaveLength(2);
  });
});
