/**
 * The leak check must be able to fail: it finds a secret wherever lpkit could put one.
 *
 * @module
 */
import { DEMO } from "@lpkit/emulator";
import { describe, expect, it } from "vitest";
import { createLeakCheck } from "./leak-check.js";
import { useEmulator } from "./world.js";

const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiIxMjM0NTY3OCJ9.c2lnbmF0dXJlLW9mLWEtdGVzdC10b2tlbg";
const SECRET = "s3cr3t-LKC-9f2e7b1a"; // not a substring of any file path in a stack trace

function found(value: unknown): string[] {
  const leaks = createLeakCheck([SECRET]);
  leaks.addSecret(TOKEN);
  leaks.observe("value", value);
  return leaks.findings();
}

describe("leak check", () => {
  it("finds a secret in a message, a cause chain, an extra field, a hidden field and JSON", () => {
    expect(found(new Error(`boom ${SECRET}`))).toHaveLength(1);
    expect(found(new Error("outer", { cause: new Error("inner", { cause: new Error(TOKEN) }) }))).not.toEqual(
      [],
    );
    expect(found(Object.assign(new Error("x"), { bodySnippet: `{"access_token":"${TOKEN}"}` }))).not.toEqual(
      [],
    );
    const hidden = new Error("x");
    Object.defineProperty(hidden, "secret", { value: SECRET, enumerable: false });
    expect(found(hidden)).not.toEqual([]);
    expect(found({ toJSON: () => ({ token: TOKEN }) })).not.toEqual([]);
    expect(found([{ deep: { deeper: { log: `Bearer ${TOKEN}` } } }])).not.toEqual([]);
  });

  it("finds a token's signature alone (what makes the token usable)", () => {
    const signature = TOKEN.split(".")[2] as string;
    expect(found(new Error(`…${signature}`))).not.toEqual([]);
  });

  // Attack 13.1: 25 of 26 characters of the client secret survived a truncated, unredacted snippet.
  it("13.1 finds a fragment of 8 or more characters of a secret or of a token's signature", () => {
    expect(found(new Error(`echo: ${SECRET.slice(1)}…`))).toEqual(["value contains a fragment of s3cr3t…"]);
    expect(found(new Error(`cut: ${SECRET.slice(5, 13)}`))).toHaveLength(1);
    const signature = TOKEN.split(".")[2] as string;
    expect(found(new Error(`sig …${signature.slice(10, 22)}…`))).not.toEqual([]);
    expect(found(new Error(`short: ${SECRET.slice(0, 7)}`))).toEqual([]);
  });

  it("reports nothing for clean values and ignores strings too short to be secrets", () => {
    expect(found(new Error("Sentinel token request failed with HTTP 503"))).toEqual([]);
    const leaks = createLeakCheck(["abc"]);
    leaks.observe("value", "abc");
    expect(leaks.findings()).toEqual([]);
    expect(leaks.size.secrets).toBe(0);
  });

  describe("in a world", () => {
    const env = useEmulator();
    it("registers the demo secrets and every token the emulator issues", async () => {
      const w = env.world();
      expect(w.leaks.size.secrets).toBe(2);
      await w.success(w.lp.invoke(DEMO.lambdaUuid, {}));
      // + the token and its signature
      expect(w.leaks.size.secrets).toBe(4);
      const token = (await w.lp.tokenManager.getToken()).accessToken;
      w.leaks.observe("a deliberate leak", new Error(`oops ${token}`));
      const findings = w.leaks.findings();
      expect(findings).toHaveLength(2); // the token, and its signature
      expect(findings.every((f) => f.startsWith("a deliberate leak contains "))).toBe(true);
      w.lp.dispose();
    });
  });
});
