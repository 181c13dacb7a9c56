import { describe, expect, it } from "vitest";
import { createLru } from "./lru.js";

describe("createLru", () => {
  it("keeps at most `capacity` entries, dropping the least recently used", () => {
    const lru = createLru<string>(3);
    for (const key of ["a", "b", "c"]) {
      lru.set(key, key.toUpperCase());
    }
    expect(lru.get("a")).toBe("A"); // a is now the most recent
    lru.set("d", "D");
    expect(lru.has("b")).toBe(false);
    expect([lru.has("a"), lru.has("c"), lru.has("d")]).toEqual([true, true, true]);
    expect(lru).toMatchObject({ size: 3, capacity: 3, evictions: 1 });
    lru.set("c", "C2"); // an update refreshes recency, no eviction
    lru.set("e", "E");
    expect(lru.has("a")).toBe(false);
    expect(lru.get("c")).toBe("C2");
    expect(lru.evictions).toBe(2);
  });

  it("deletes only while the entry holds the expected value", () => {
    const lru = createLru<string>(2);
    lru.set("k", "v1");
    expect(lru.delete("k", "v0")).toBe(false);
    expect(lru.get("k")).toBe("v1");
    expect(lru.delete("k", "v1")).toBe(true);
    expect(lru.delete("k")).toBe(false);
  });

  it("stays bounded under a million distinct keys", () => {
    const lru = createLru<number>(1_000);
    for (let i = 0; i < 1_000_000; i++) {
      lru.set(`consumer-${i}`, i);
    }
    expect(lru.size).toBe(1_000);
    expect(lru.get("consumer-999999")).toBe(999_999);
    expect(lru.get("consumer-0")).toBeUndefined();
  });
});
