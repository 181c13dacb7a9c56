import { InvalidArgumentError } from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { SECRET } from "./test-support/fixtures.js";
import type { SentinelTokenRequest } from "./types.js";
import { checkTokenRequest } from "./validate-request.js";

const good: SentinelTokenRequest = {
  accountId: "le81823118",
  clientId: "c",
  clientSecret: SECRET,
  version: "v1",
};

function messageOf(request: unknown): string {
  try {
    checkTokenRequest(request as SentinelTokenRequest);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return (error as Error).message;
  }
  throw new Error("expected an InvalidArgumentError");
}

describe("checkTokenRequest", () => {
  it("fills in the v1 default and keeps the rest", () => {
    const signal = new AbortController().signal;
    expect(checkTokenRequest({ ...good, signal })).toEqual({ ...good, v1Query: "1.0", signal });
    expect(checkTokenRequest({ ...good, version: "v2", v1Query: "2.0" }).v1Query).toBe("2.0");
  });

  it("echoes short harmless values to help the caller", () => {
    expect(messageOf({ ...good, version: "V1" })).toBe('version: expected "v1" or "v2", got "V1"');
    expect(messageOf({ ...good, v1Query: 2 })).toBe('v1Query: expected "1.0" or "2.0", got number');
  });

  it("never echoes the secret, even when passed in another field", () => {
    for (const field of ["accountId", "version", "v1Query"] as const) {
      const message = messageOf({ ...good, [field]: SECRET });
      expect(message).toMatch(new RegExp(`^${field}: `));
      expect(message).not.toContain(SECRET);
    }
    const alnumSecret = "AbC123-notAnAccount/9";
    expect(messageOf({ ...good, clientSecret: alnumSecret, accountId: alnumSecret })).not.toContain(
      alnumSecret,
    );
  });
});
