import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createBodyCodec, PLAIN_CODEC } from "./encryption.js";

const key1 = crypto.getRandomValues(new Uint8Array(32));
const key2 = crypto.getRandomValues(new Uint8Array(16));
const AAD = "lpkit:token:1:12345678:app:v2:host|t1.1700000000000";

describe("body codec", () => {
  it("stores plain text as p.<text> when encryption is off", async () => {
    expect(await PLAIN_CODEC.seal("hello", AAD)).toBe("p.hello");
    expect(await PLAIN_CODEC.open("p.hello", AAD)).toBe("hello");
    expect(await PLAIN_CODEC.open("e.k1.x.y", AAD)).toBeUndefined();
    expect(createBodyCodec(undefined)).toBe(PLAIN_CODEC);
  });

  it("encrypts with a fresh IV each time, under the first key's id, and decrypts", async () => {
    const codec = createBodyCodec({ keys: [{ id: "k1", key: key1 }] });
    const a = await codec.seal("the token", AAD);
    const b = await codec.seal("the token", AAD);
    expect(a).toMatch(/^e\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("the token");
    expect(await codec.open(a, AAD)).toBe("the token");
    expect(codec.readable).toEqual(["e.k1."]);
  });

  it("refuses an entry moved to another key or given another expiry (authenticated data)", async () => {
    const codec = createBodyCodec({ keys: [{ id: "k1", key: key1 }] });
    const sealed = await codec.seal("the token", AAD);
    expect(await codec.open(sealed, AAD.replace("app", "other-app"))).toBeUndefined();
    expect(await codec.open(sealed, AAD.replace("1700000000000", "1800000000000"))).toBeUndefined();
  });

  it("refuses tampered, truncated, unknown-key and plain bodies", async () => {
    const codec = createBodyCodec({ keys: [{ id: "k1", key: key1 }] });
    const sealed = await codec.seal("the token", AAD);
    const last = sealed.at(-2) === "A" ? "B" : "A";
    expect(await codec.open(`${sealed.slice(0, -2)}${last}${sealed.at(-1)}`, AAD)).toBeUndefined();
    expect(await codec.open(sealed.slice(0, -4), AAD)).toBeUndefined();
    expect(await codec.open(sealed.replace("e.k1.", "e.k9."), AAD)).toBeUndefined();
    expect(await codec.open(`${sealed}.extra`, AAD)).toBeUndefined();
    expect(await codec.open("p.the token", AAD)).toBeUndefined();
    expect(await codec.open("e.k1.!!!.???", AAD)).toBeUndefined();
  });

  it("rotates: [new, old] writes with new and still reads old entries", async () => {
    const old = createBodyCodec({ keys: [{ id: "k1", key: key1 }] });
    const both = createBodyCodec({
      keys: [
        { id: "k2", key: key2 },
        { id: "k1", key: key1 },
      ],
    });
    const fromOld = await old.seal("v", AAD);
    const fromNew = await both.seal("v", AAD);
    expect(fromNew.startsWith("e.k2.")).toBe(true);
    expect(await both.open(fromOld, AAD)).toBe("v");
    expect(await old.open(fromNew, AAD)).toBeUndefined();
    expect(both.readable).toEqual(["e.k2.", "e.k1."]);
  });

  it("accepts an AES-GCM CryptoKey", async () => {
    const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, [
      "encrypt",
      "decrypt",
    ]);
    const codec = createBodyCodec({ keys: [{ id: "ck", key }] });
    expect(await codec.open(await codec.seal("v", AAD), AAD)).toBe("v");
  });

  it("rejects bad settings with the option's name and never the key bytes", async () => {
    const hmac = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const bad = [
      [{ keys: [] }, /encryption/],
      [{ keys: [{ id: "has.dot", key: key1 }] }, /keys\[0\]\.id/],
      [{ keys: [{ id: "k1", key: key1.slice(0, 20) }] }, /keys\[0\]\.key/],
      [{ keys: [{ id: "k1", key: "0123456789abcdef0123456789abcdef" }] }, /keys\[0\]\.key/],
      [{ keys: [{ id: "k1", key: hmac }] }, /AES-GCM/],
      [
        {
          keys: [
            { id: "k1", key: key1 },
            { id: "k1", key: key2 },
          ],
        },
        /distinct/,
      ],
    ] as const;
    for (const [options, message] of bad) {
      let error: unknown;
      try {
        createBodyCodec(options as never);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
      expect((error as Error).message).toMatch(message);
      expect(inspect(error)).not.toContain("0123456789abcdef");
      expect(inspect(error)).not.toContain(Buffer.from(key1).toString("hex").slice(0, 12));
    }
  });

  it("keeps a private copy of the key bytes", async () => {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const codec = createBodyCodec({ keys: [{ id: "k1", key: bytes }] });
    const sealed = await codec.seal("v", AAD);
    bytes.fill(0);
    expect(await codec.open(sealed, AAD)).toBe("v");
  });
});
