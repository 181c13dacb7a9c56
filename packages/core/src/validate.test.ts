import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "./index.js";
import {
  assertAccountId,
  assertDuration,
  assertEventId,
  assertSecret,
  assertServiceName,
  assertUuid,
  isCompactJwt,
  isLoopbackHost,
  isWellFormedText,
  MAX_JWT_LENGTH,
  toBaseUrl,
} from "./internal.js";

function thrown(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error("expected a throw");
}

describe("argument validation", () => {
  it("accepts LivePerson account ids and rejects the rest", () => {
    for (const ok of ["12345678", "le81823118", "EXAMPLE123", "a1"]) {
      expect(assertAccountId(ok)).toBe(ok);
    }
    for (const bad of ["", " 123", "12/34", "../x", "1.2", 123, undefined, null, "x".repeat(65)]) {
      expect(thrown(() => assertAccountId(bad)).argument).toBe("accountId");
    }
  });

  it("accepts UUIDs only", () => {
    expect(assertUuid("3fa85f64-5717-4562-b3fc-2c963f66afa6")).toBe("3fa85f64-5717-4562-b3fc-2c963f66afa6");
    expect(thrown(() => assertUuid("3fa85f64")).message).toMatch(/lambdaUuid: expected a UUID/);
    expect(thrown(() => assertUuid("3fa85f64-5717-4562-b3fc-2c963f66afa6/../x")).argument).toBe("lambdaUuid");
  });

  it("checks service names, event ids and durations", () => {
    expect(assertServiceName("faasGW")).toBe("faasGW");
    expect(thrown(() => assertServiceName("")).message).toMatch(/empty string/);
    expect(thrown(() => assertServiceName("faas GW")).argument).toBe("service");
    expect(assertEventId("bot_connectors_custom_integration")).toBe("bot_connectors_custom_integration");
    expect(thrown(() => assertEventId("a/b")).argument).toBe("eventId");
    expect(assertDuration(0, "t")).toBe(0);
    expect(thrown(() => assertDuration(-1, "timeoutMs")).argument).toBe("timeoutMs");
    expect(thrown(() => assertDuration(Number.NaN, "timeoutMs")).argument).toBe("timeoutMs");
  });

  it("never echoes a rejected value (it may be a secret passed in the wrong place)", () => {
    const secret = "s3cr3t value/with-slash";
    for (const check of [assertAccountId, assertUuid, assertServiceName, assertEventId]) {
      expect(thrown(() => check(secret)).message).not.toContain("s3cr3t");
    }
    expect(thrown(() => assertAccountId(secret)).message).toBe(
      "accountId: expected a LivePerson account id (1-64 letters or digits), got a string of 23 characters that does not fit",
    );
    expect(thrown(() => toBaseUrl("https://u:s3cr3t@host")).message).not.toContain("s3cr3t");
  });

  it("never echoes a rejected secret", () => {
    expect(assertSecret("s3cr3t", "clientSecret")).toBe("s3cr3t");
    const err = thrown(() => assertSecret("   ", "clientSecret"));
    expect(err.message).toBe("clientSecret: expected a non-empty string, got blank text");
    expect(thrown(() => assertSecret(undefined, "clientSecret")).message).toBe(
      "clientSecret: expected a non-empty string, got undefined",
    );
  });
});

describe("isCompactJwt", () => {
  it("13.6 accepts compact JWS only: a token with CR/LF, spaces or other characters is not one", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJTZW50aW5lbCJ9.c2ln-_0";
    expect(isCompactJwt(jwt)).toBe(true);
    for (const bad of [
      `${jwt}\r\nX-Injected: 1`,
      `${jwt}\n`,
      ` ${jwt}`,
      "eyJ.a b.c",
      "eyJ.a.b.c",
      "eyJ..c",
      "eyJ.a.b=",
      "eyJ.a.b+/",
      "e\u00e9.a.b",
      `a.${"b".repeat(MAX_JWT_LENGTH)}.c`,
      "",
      42,
      undefined,
    ]) {
      expect(isCompactJwt(bad)).toBe(false);
    }
  });
});

describe("toBaseUrl", () => {
  it("turns Domain API hosts into https URLs", () => {
    expect(toBaseUrl("va.faasgw.liveperson.net")).toBe("https://va.faasgw.liveperson.net");
    expect(toBaseUrl("https://va.sentinel.liveperson.net/")).toBe("https://va.sentinel.liveperson.net");
    expect(toBaseUrl("127.0.0.1:4010")).toBe("https://127.0.0.1:4010");
  });

  it("allows plain http only on loopback unless told otherwise", () => {
    expect(toBaseUrl("http://127.0.0.1:4010/")).toBe("http://127.0.0.1:4010");
    expect(toBaseUrl("http://localhost:80")).toBe("http://localhost");
    expect(toBaseUrl("http://[::1]:9")).toBe("http://[::1]:9");
    expect(thrown(() => toBaseUrl("http://api.liveperson.net")).message).toMatch(/plain http/);
    expect(toBaseUrl("http://api.liveperson.net", "x", { allowInsecureHttp: true })).toBe(
      "http://api.liveperson.net",
    );
  });

  it("refuses credentials, queries and other schemes", () => {
    expect(thrown(() => toBaseUrl("https://u:p@host")).message).not.toMatch(/u:p/);
    expect(thrown(() => toBaseUrl("https://host?x=1")).argument).toBe("baseUrl");
    expect(thrown(() => toBaseUrl("ftp://host")).argument).toBe("baseUrl");
    expect(thrown(() => toBaseUrl("")).argument).toBe("baseUrl");
  });

  it("knows loopback hosts", () => {
    expect(isLoopbackHost("127.8.9.10")).toBe(true);
    expect(isLoopbackHost("localhost")).toBe(true);
    expect(isLoopbackHost("[::1]")).toBe(true);
    expect(isLoopbackHost("10.0.0.1")).toBe(false);
    expect(isLoopbackHost("127.0.0.256")).toBe(false);
  });

  // Attack: plain HTTP to `*.localhost`, which glibc resolves through DNS (the secret went to a DNS-chosen host).
  it("13.4 plain HTTP to *.localhost: literal loopback, localhost, and *.localhost names pinned to 127.0.0.1", () => {
    for (const host of ["emu.localhost", "sentinel.localhost", "localhost.", "localhost.evil.example"]) {
      expect(isLoopbackHost(host)).toBe(false);
    }
    // Allowed only because every lpkit request for a *.localhost name goes to 127.0.0.1 (exchange.test.ts).
    expect(toBaseUrl("http://sentinel.localhost:4000")).toBe("http://sentinel.localhost:4000");
    for (const url of [
      "http://localhost.evil.example:4000",
      "http://localhost.:4000",
      "http://x.localhost.evil.example",
    ]) {
      expect(thrown(() => toBaseUrl(url)).message, url).toMatch(/plain http:\/\/ is refused/);
    }
    expect(toBaseUrl("http://localhost:4000")).toBe("http://localhost:4000");
    expect(toBaseUrl("http://127.0.0.1:4000")).toBe("http://127.0.0.1:4000");
    expect(toBaseUrl("http://[::1]:4000")).toBe("http://[::1]:4000");
    expect(toBaseUrl("https://sentinel.localhost:4000")).toBe("https://sentinel.localhost:4000");
  });

  // Attack: a lone surrogate in a secret or id made encodeURIComponent throw an untyped URIError.
  it("13.8 lone surrogates are an InvalidArgumentError, not a URIError", () => {
    for (const text of ["ab\uD800cd", "\uDC00xyz", "tail\uDBFF"]) {
      expect(isWellFormedText(text)).toBe(false);
      const error = thrown(() => assertSecret(`secret-${text}`, "clientSecret"));
      expect(error.argument).toBe("clientSecret");
      expect(error.message).not.toContain("secret-");
    }
    expect(isWellFormedText("emoji 😀 ok")).toBe(true);
  });

  // Attack: `evil.example\.sentinel.liveperson.net` — a URL parser reads the backslash as a path, so
  // the host is evil.example; percent-escapes and non-ASCII look-alikes are decoded or mapped too.
  it("13.3 a base URL with a backslash, a percent-escape or non-ASCII characters is refused", () => {
    for (const value of [
      "evil.example\\.sentinel.liveperson.net",
      "https://evil.example\\.sentinel.liveperson.net",
      "va.sentinel.liveperson.net%2F@evil.example",
      "https://l\u0456veperson.net",
      "va.sentinel.liveperson.net\u3002evil.example",
      "va sentinel.liveperson.net",
    ]) {
      const error = thrown(() => toBaseUrl(value, "baseUrl"));
      expect(error.argument, value).toBe("baseUrl");
      expect(error.message).toMatch(/printable ASCII, no backslash, no percent-escape/);
    }
  });
});
