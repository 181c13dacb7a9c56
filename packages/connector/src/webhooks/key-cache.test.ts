// The HMAC key cache: a delivery costs one crypto.subtle.sign (no importKey once a secret's key is
// known), keys are found by a fingerprint (a SHA-256 of the secret, never the secret), the cache is
// bounded, and no secret is visible in anything a caller can print.
import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { ACCOUNT, CLIENT, delivery, nodeSignature } from "../test-support/webhooks.js";
import { hmacKey, keyImports, MAX_CACHED_KEYS } from "./key-cache.js";
import { createWebhookReceiver } from "./receiver.js";
import { createSignatureVerifier, signWebhookBody } from "./signature.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const secret = () => `kc-${crypto.randomUUID()}`;

describe("hmacKey", () => {
  it("two lookups of a new secret at once import it once", async () => {
    const s = secret();
    const before = keyImports();
    const [a, b] = await Promise.all([hmacKey(s, "SHA-256"), hmacKey(s, "SHA-256")]);
    expect(a).toBe(b);
    expect(keyImports()).toBe(before + 1);
  });

  it("imports a secret's key once per hash; later calls get the same key without importKey", async () => {
    const s = secret();
    const importKey = vi.spyOn(crypto.subtle, "importKey");
    try {
      const first = await hmacKey(s, "SHA-1");
      expect(await hmacKey(s, "SHA-1")).toBe(first);
      expect(importKey).toHaveBeenCalledTimes(1);
      expect(await hmacKey(s, "SHA-256")).not.toBe(first); // another hash, another key
      expect(importKey).toHaveBeenCalledTimes(2);
      expect(first.extractable).toBe(false);
    } finally {
      importKey.mockRestore();
    }
  });

  it(`keeps at most ${MAX_CACHED_KEYS} keys, the least recently used going first`, async () => {
    const kept = secret();
    await hmacKey(kept, "SHA-1");
    const before = keyImports();
    for (let i = 0; i < MAX_CACHED_KEYS - 1; i++) {
      await hmacKey(secret(), "SHA-1");
      await hmacKey(kept, "SHA-1"); // used again: stays
    }
    const evicted = secret();
    await hmacKey(evicted, "SHA-1");
    for (let i = 0; i < MAX_CACHED_KEYS; i++) {
      await hmacKey(secret(), "SHA-1");
    }
    const imported = keyImports();
    expect(imported - before).toBe(2 * MAX_CACHED_KEYS);
    await hmacKey(evicted, "SHA-1");
    expect(keyImports()).toBe(imported + 1); // it was evicted: imported again
  });
});

describe("a delivery costs one crypto.subtle.sign and no importKey", () => {
  it("the verifier imports at creation; each verify is one sign per secret", async () => {
    const s = secret();
    const verifier = createSignatureVerifier({ secrets: [s], algorithms: ["sha1"] });
    const body = bytes('{"kind":"notification"}');
    await verifier.verify(body, nodeSignature(body, s)); // the import has finished
    const importKey = vi.spyOn(crypto.subtle, "importKey");
    const sign = vi.spyOn(crypto.subtle, "sign");
    try {
      for (let i = 0; i < 10; i++) {
        const text = bytes(`{"n":${i},"text":"héllo 👋"}`);
        await verifier.verify(text, nodeSignature(text, s));
      }
      expect(importKey).not.toHaveBeenCalled();
      expect(sign).toHaveBeenCalledTimes(10);
    } finally {
      importKey.mockRestore();
      sign.mockRestore();
    }
  });

  it("signWebhookBody and a second receiver of the same secret reuse the key", async () => {
    const s = secret();
    await signWebhookBody("{}", s);
    const importKey = vi.spyOn(crypto.subtle, "importKey");
    try {
      for (let i = 0; i < 5; i++) {
        expect(await signWebhookBody(`{"i":${i}}`, s)).toBe(nodeSignature(`{"i":${i}}`, s));
      }
      const verifier = createSignatureVerifier({ secrets: [s], algorithms: ["sha1"] });
      const receiver = createWebhookReceiver({
        accountId: ACCOUNT,
        clientId: CLIENT,
        clientSecret: s,
        signature: { algorithms: ["sha1"] },
      });
      // Each has looked its key up once it has checked a signature.
      await verifier.verify(bytes("{}"), nodeSignature("{}", s));
      const answer = await receiver.handle(delivery("{}", { secret: s }));
      expect(answer.status).not.toBe(401);
      expect(importKey).not.toHaveBeenCalled();
    } finally {
      importKey.mockRestore();
    }
  });

  it("the cached key signs exactly as an independent HMAC does (sha1 and sha256, Base64 and hex)", async () => {
    const s = secret();
    const body = bytes('{"text":"ünïcödé ✓ 🚀"}');
    for (const algorithm of ["sha1", "sha256"] as const) {
      for (const encoding of ["base64", "hex"] as const) {
        for (let round = 0; round < 2; round++) {
          expect(await signWebhookBody(body, s, { algorithm, encoding })).toBe(
            nodeSignature(body, s, algorithm, encoding),
          );
        }
      }
    }
  });
});

describe("no secret visible", () => {
  it("neither the verifier nor a receiver shows a secret when printed, after keys were cached", async () => {
    const s = `hunter2-${crypto.randomUUID()}`;
    const verifier = createSignatureVerifier({ secrets: [s] });
    const receiver = createWebhookReceiver({ accountId: "12345678", clientId: "kc-client", clientSecret: s });
    await verifier.verify(bytes("{}"), nodeSignature("{}", s));
    await signWebhookBody("{}", s);
    for (const shown of [
      inspect(verifier, { depth: 10, showHidden: true }),
      inspect(receiver, { depth: 10, showHidden: true }),
      JSON.stringify(verifier),
      JSON.stringify(receiver),
      String(receiver),
    ]) {
      expect(shown).not.toContain("hunter2");
      expect(shown).not.toContain(s.slice(-12));
    }
  });
});
