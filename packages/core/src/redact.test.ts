import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { REDACTED } from "./index.js";
import { hideSecrets, redact, redactSnippet, secretForms } from "./internal.js";

const JWT = "eyJraWQiOiJ4In0.eyJhdWQiOiJ4In0.c2lnbmF0dXJl";
const SECRET = "s3cr3t-Value+With/Chars=26";

describe("redaction", () => {
  it("removes secrets and JWT-shaped strings from text", () => {
    expect(redact(`client_secret=s3cr3t-value&token=${JWT}`, ["s3cr3t-value"])).toBe(
      `client_secret=${REDACTED}&token=${REDACTED}`,
    );
  });

  it("hides properties from inspect and JSON but not from code", () => {
    const token = hideSecrets({ accessToken: JWT, expiresAt: 1 }, ["accessToken"]);
    expect(token.accessToken).toBe(JWT);
    expect(inspect(token)).not.toContain(JWT);
    expect(inspect(token)).toContain(REDACTED);
    expect(JSON.stringify(token)).toBe(`{"accessToken":"${REDACTED}","expiresAt":1}`);
    expect(inspect({ nested: token }, { depth: 5 })).not.toContain(JWT);
    // Non-enumerable: spreads, Object.values and Object.entries never see the secret.
    expect(Object.keys(token)).toEqual(["expiresAt"]);
    expect(JSON.stringify({ ...token })).not.toContain(JWT);
    expect(Object.values(token)).not.toContain(JWT);
  });
});

// Attack: a server echoed the client secret and the error body was cut *before* it was redacted, so
// 25 of 26 characters of the secret survived in the message.
describe("13.1 partial secret leak", () => {
  it("redacts before truncating: a secret straddling the cut never survives in part", () => {
    for (let cut = 1; cut < SECRET.length + 5; cut++) {
      const body = `${"x".repeat(Math.max(0, 120 - cut))}${SECRET} tail`;
      const shown = redactSnippet(body, [SECRET], 120);
      for (let i = 0; i + 8 <= SECRET.length; i++) {
        expect(shown).not.toContain(SECRET.slice(i, i + 8));
      }
    }
  });

  it("redacts any fragment of 8 or more characters of a secret", () => {
    const fragment = SECRET.slice(3, 14);
    expect(redact(`echo: ${fragment}!`, [SECRET])).toBe(`echo: ${REDACTED}!`);
    expect(redact(`short ${SECRET.slice(0, 7)} stays`, [SECRET])).toContain(SECRET.slice(0, 7));
  });

  it("redacts a fragment of a held token's signature part", () => {
    const signature = "Zm9vYmFyYmF6cXV1eHNpZ25hdHVyZQ";
    const token = `eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiIxIn0.${signature}`;
    expect(redact(`sig was ${signature.slice(5, 20)}.`, [token])).toBe(`sig was ${REDACTED}.`);
  });

  it("redacts the URL-, form- and JSON-encoded forms", () => {
    for (const form of [encodeURIComponent(SECRET), new URLSearchParams({ s: SECRET }).toString().slice(2)]) {
      expect(redact(`x=${form}&y=1`, [SECRET])).toBe(`x=${REDACTED}&y=1`);
    }
    expect(redact(JSON.stringify({ echo: 'a"b\\c-secret-x' }), ['a"b\\c-secret-x'])).not.toContain(
      "secret-x",
    );
  });

  it("redacts the base64 and base64url forms at all three byte alignments", () => {
    const bytes = new TextEncoder().encode(SECRET);
    for (let align = 0; align < 3; align++) {
      const prefix = "a:b:c".slice(0, align + 2); // varying lengths shift the alignment
      const encoded = btoa(String.fromCharCode(...new TextEncoder().encode(prefix), ...bytes));
      for (const text of [encoded, encoded.replace(/\+/g, "-").replace(/\//g, "_")]) {
        const shown = redact(`Basic ${text}`, [SECRET]);
        expect(shown).toContain(REDACTED);
        // What is left of the encoded text is at most the few characters shared with the prefix.
        expect(shown.replace(`Basic `, "").replace(REDACTED, "").length).toBeLessThanOrEqual(12);
      }
    }
    expect(secretForms(SECRET).length).toBeGreaterThan(4);
  });
});

describe("secretForms", () => {
  it("lists the verbatim, form-encoded, percent-encoded and JSON-escaped spellings once each, then base64", () => {
    const forms = secretForms('a b&c"\\');
    expect(forms.slice(0, 4)).toEqual(['a b&c"\\', "a+b%26c%22%5C", "a%20b%26c%22%5C", 'a b&c\\"\\\\']);
    expect(forms.slice(4).every((form) => /^[A-Za-z0-9+/_-]{8,}$/.test(form))).toBe(true);
    expect(secretForms("plain")).toEqual(["plain"]);
  });
});
