// Verification against the reference's vectors (LivePerson's own two, the self-made UTF-8 ones and
// the re-serialised / ASCII-mangled negatives), then random bodies and secrets against an
// independent HMAC (node:crypto).
import { inspect } from "node:util";
import { InvalidArgumentError, WebhookSignatureError } from "@lpkit/core";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { LIVEPERSON_VECTORS, nodeSignature, SELF_MADE } from "../test-support/webhooks.js";
import { createSignatureVerifier, signWebhookBody, timingSafeEqual } from "./signature.js";

const bytes = (text: string) => new TextEncoder().encode(text);

async function problem(run: Promise<unknown>): Promise<string | undefined> {
  try {
    await run;
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookSignatureError);
    return (error as WebhookSignatureError).problem;
  }
}

describe("LivePerson's vectors", () => {
  const verifier = createSignatureVerifier({ secrets: [LIVEPERSON_VECTORS.secret] });
  for (const { name, body, signature } of LIVEPERSON_VECTORS.cases) {
    it(`${name}: the signature LivePerson's sample test sends verifies over the body bytes`, async () => {
      await expect(verifier.verify(bytes(body), signature)).resolves.toBeUndefined();
      expect(await signWebhookBody(body, LIVEPERSON_VECTORS.secret)).toBe(signature);
      expect(await problem(verifier.verify(bytes(`${body} `), signature))).toBe("mismatch");
      expect(
        await problem(verifier.verify(bytes(JSON.stringify(JSON.parse(body), null, 2)), signature)),
      ).toBe("mismatch");
    });
  }
});

describe("the self-made vectors", () => {
  const { secret } = SELF_MADE;
  it("signs and verifies sha1/sha256, Base64 and hex", async () => {
    expect(await signWebhookBody(SELF_MADE.empty, secret)).toBe(`sha1=${SELF_MADE.emptySha1Base64}`);
    expect(await signWebhookBody(SELF_MADE.empty, secret, { encoding: "hex" })).toBe(
      `sha1=${SELF_MADE.emptySha1Hex}`,
    );
    expect(await signWebhookBody(SELF_MADE.empty, secret, { algorithm: "sha256" })).toBe(
      `sha256=${SELF_MADE.emptySha256Base64}`,
    );
    expect(await signWebhookBody(SELF_MADE.utf8, secret)).toBe(`sha1=${SELF_MADE.utf8Sha1Base64}`);
    expect(await signWebhookBody(SELF_MADE.utf8, secret, { algorithm: "sha256" })).toBe(
      `sha256=${SELF_MADE.utf8Sha256Base64}`,
    );
    const base64 = createSignatureVerifier({ secrets: [secret] });
    await base64.verify(bytes(SELF_MADE.empty), `sha1=${SELF_MADE.emptySha1Base64}`);
    await base64.verify(bytes(SELF_MADE.empty), `sha256=${SELF_MADE.emptySha256Base64}`);
    await base64.verify(bytes(SELF_MADE.utf8), `sha1=${SELF_MADE.utf8Sha1Base64}`);
    await base64.verify(bytes(SELF_MADE.utf8), `sha256=${SELF_MADE.utf8Sha256Base64}`);
    const hex = createSignatureVerifier({ secrets: [secret], encoding: "hex" });
    await hex.verify(bytes(SELF_MADE.empty), `sha1=${SELF_MADE.emptySha1Hex}`);
    await hex.verify(bytes(SELF_MADE.empty), `sha1=${SELF_MADE.emptySha1Hex.toUpperCase()}`);
  });

  it("refuses the re-serialised (escaped) and the ASCII-mangled signatures for the raw UTF-8 body", async () => {
    const verifier = createSignatureVerifier({ secrets: [secret] });
    const raw = bytes(SELF_MADE.utf8);
    expect(await problem(verifier.verify(raw, `sha1=${SELF_MADE.escapedSha1Base64}`))).toBe("mismatch");
    expect(await problem(verifier.verify(raw, `sha1=${SELF_MADE.asciiSha1Base64}`))).toBe("mismatch");
    // The negatives are what the broken verifiers compute: they sign other bytes.
    const escaped = SELF_MADE.utf8.replace("café 😀", "caf\\u00e9 \\ud83d\\ude00");
    await verifier.verify(bytes(escaped), `sha1=${SELF_MADE.escapedSha1Base64}`);
    const mangled = Uint8Array.from(SELF_MADE.utf8.replace(/[^ -~]/gu, "?"), (c) => c.charCodeAt(0));
    await verifier.verify(mangled, `sha1=${SELF_MADE.asciiSha1Base64}`);
    // Decoding and re-encoding the text (what a framework's JSON parser plus JSON.stringify does) breaks it.
    const reserialised = bytes(
      JSON.stringify(JSON.parse(SELF_MADE.utf8), (_, v) => v).replace(/é/g, "\\u00e9"),
    );
    expect(await problem(verifier.verify(reserialised, `sha1=${SELF_MADE.utf8Sha1Base64}`))).toBe("mismatch");
  });

  it("takes only the configured encoding and algorithms", async () => {
    const { secret: s, empty } = SELF_MADE;
    const hexOnly = createSignatureVerifier({ secrets: [s], encoding: "hex" });
    expect(await problem(hexOnly.verify(bytes(empty), `sha1=${SELF_MADE.emptySha1Base64}`))).toBe("encoding");
    const sha256Only = createSignatureVerifier({ secrets: [s], algorithms: ["sha256"] });
    expect(await problem(sha256Only.verify(bytes(empty), `sha1=${SELF_MADE.emptySha1Base64}`))).toBe(
      "algorithm",
    );
    const base64 = createSignatureVerifier({ secrets: [s] });
    expect(await problem(base64.verify(bytes(empty), `sha1=${SELF_MADE.emptySha1Hex}`))).toBe("encoding");
    for (const header of [
      "",
      "sha1",
      "sha1=",
      "md5=abc",
      "SHA1=kGr8d0QXnKlnsmqrTj7z7bNa0qc=",
      "sha1=!!!!",
      "sha1=kGr8d0QXnKlnsmqrTj7z7bNa0q=",
      `sha256=${SELF_MADE.emptySha1Base64}`,
    ]) {
      expect(await problem(base64.verify(bytes(empty), header)), header).not.toBeUndefined();
    }
  });
});

describe("against an independent HMAC", () => {
  const secretArb = fc.string({ minLength: 1, maxLength: 64, unit: "grapheme" });
  const bodyArb = fc.oneof(
    fc.uint8Array({ maxLength: 4096 }),
    fc.string({ maxLength: 2048, unit: "grapheme" }).map((text) => new TextEncoder().encode(text)),
  );

  it("signs every body like node:crypto, in both algorithms and encodings", async () => {
    await fc.assert(
      fc.asyncProperty(
        bodyArb,
        secretArb,
        fc.constantFrom("sha1", "sha256"),
        fc.constantFrom("base64", "hex"),
        async (body, secret, algorithm, encoding) => {
          const ours = await signWebhookBody(body, secret, { algorithm, encoding });
          expect(ours).toBe(nodeSignature(body, secret, algorithm, encoding));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("verifies node:crypto's signature and refuses any changed byte, bit of signature or other secret", async () => {
    await fc.assert(
      fc.asyncProperty(
        bodyArb,
        secretArb,
        secretArb,
        fc.nat(),
        fc.constantFrom("sha1", "sha256"),
        async (body, secret, other, at, algorithm) => {
          const signature = nodeSignature(body, secret, algorithm);
          const verifier = createSignatureVerifier({ secrets: [secret] });
          await verifier.verify(body, signature);
          if (body.length > 0) {
            const changed = Uint8Array.from(body);
            changed[at % changed.length] = (changed[at % changed.length] as number) ^ 1;
            expect(await problem(verifier.verify(changed, signature))).toBe("mismatch");
          }
          const digest = Buffer.from(signature.split("=").slice(1).join("="), "base64");
          digest[at % digest.length] = (digest[at % digest.length] as number) ^ 0x80;
          expect(await problem(verifier.verify(body, `${algorithm}=${digest.toString("base64")}`))).toBe(
            "mismatch",
          );
          if (other !== secret) {
            expect(await problem(createSignatureVerifier({ secrets: [other] }).verify(body, signature))).toBe(
              "mismatch",
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("rotation and constant time", () => {
  it("accepts a delivery signed with any configured secret", async () => {
    const verifier = createSignatureVerifier({ secrets: ["old-secret-1", "new-secret-2"] });
    await verifier.verify(bytes("{}"), nodeSignature("{}", "old-secret-1"));
    await verifier.verify(bytes("{}"), nodeSignature("{}", "new-secret-2"));
    expect(await problem(verifier.verify(bytes("{}"), nodeSignature("{}", "third-secret")))).toBe("mismatch");
  });

  it("computes the HMAC with every secret even when the first matches (no early exit)", async () => {
    const verifier = createSignatureVerifier({ secrets: ["a-first-secret", "b-second", "c-third"] });
    const sign = vi.spyOn(crypto.subtle, "sign");
    try {
      await verifier.verify(bytes("{}"), nodeSignature("{}", "a-first-secret"));
      expect(sign).toHaveBeenCalledTimes(3);
    } finally {
      sign.mockRestore();
    }
  });

  it("compares without a shortcut on the first difference", () => {
    expect(timingSafeEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3))).toBe(true);
    expect(timingSafeEqual(Uint8Array.of(9, 2, 3), Uint8Array.of(1, 2, 3))).toBe(false);
    expect(timingSafeEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4))).toBe(false);
    expect(timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toBe(false);
  });

  it("refuses empty or missing secrets without echoing any, and keeps them out of the verifier", () => {
    for (const secrets of [[], [""], [7], undefined]) {
      expect(() => createSignatureVerifier({ secrets: secrets as never })).toThrow(InvalidArgumentError);
    }
    const verifier = createSignatureVerifier({ secrets: ["hunter2-very-secret"] });
    expect(inspect(verifier, { depth: 10, showHidden: true })).not.toContain("hunter2");
    expect(JSON.stringify(verifier)).not.toContain("hunter2");
  });
});

describe("13.7 names that Object.prototype has", () => {
  it('13.7 an algorithm named "toString" | "constructor" | "valueOf" | "hasOwnProperty" is refused, not looked up', async () => {
    for (const name of ["toString", "constructor", "valueOf", "hasOwnProperty", "__proto__"]) {
      expect(() =>
        createSignatureVerifier({ secrets: ["s3cr3t-value"], algorithms: [name as never] }),
      ).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT", argument: "algorithms" }));
      await expect(signWebhookBody("{}", "s3cr3t-value", { algorithm: name as never })).rejects.toMatchObject(
        { code: "ERR_INVALID_ARGUMENT", argument: "options" },
      );
    }
  });
});
