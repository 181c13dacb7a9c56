import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { hideSecrets, REDACTED, redact } from "./index.js";

const JWT = "eyJraWQiOiJ4In0.eyJhdWQiOiJ4In0.c2lnbmF0dXJl";

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
    expect(Object.keys(token)).toEqual(["accessToken", "expiresAt"]);
  });
});
