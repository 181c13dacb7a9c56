import { InvalidArgumentError } from "@lpkit/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  ConfigError,
  CREDENTIAL_VARIABLES,
  debugFromEnv,
  detectMode,
  readSettings,
  type Settings,
} from "./config.js";

const GOOD = {
  LP_ACCOUNT_ID: "12345678",
  LP_CLIENT_ID: "client-1",
  LP_CLIENT_SECRET: "top-Secret-value-1",
  LP_LAMBDA_UUID: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
};

function problemsOf(env: Record<string, string | undefined>): ConfigError {
  try {
    readSettings(env, { mode: "live", required: CREDENTIAL_VARIABLES });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("detectMode", () => {
  it("is offline unless a live variable is set", () => {
    expect(detectMode({})).toBe("emulator");
    expect(detectMode({ LP_PAYLOAD: "{}", LP_USER_ID: "u", LP_SENTINEL_VERSION: "v1" })).toBe("emulator");
    for (const name of [...CREDENTIAL_VARIABLES, "LP_DOMAIN_API"]) {
      expect(detectMode({ [name]: "x" }), name).toBe("live");
      expect(detectMode({ [name]: "" }), `${name} empty`).toBe("live");
    }
  });

  it("follows --emulator / --live", () => {
    expect(detectMode(GOOD, "emulator")).toBe("emulator");
    expect(detectMode({}, "live")).toBe("live");
  });
});

describe("readSettings", () => {
  it("reads the four variables and the optional ones", () => {
    const settings = readSettings(
      {
        ...GOOD,
        LP_USER_ID: "crm",
        LP_SENTINEL_VERSION: "V1",
        LP_PAYLOAD: '{"a":[1]}',
        LP_DOMAIN_API: "127.0.0.1:4000",
      },
      { mode: "live", required: CREDENTIAL_VARIABLES },
    );
    expect(settings).toEqual({
      mode: "live",
      accountId: "12345678",
      clientId: "client-1",
      clientSecret: "top-Secret-value-1",
      lambdaUuid: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
      domainApi: "https://127.0.0.1:4000",
      userId: "crm",
      sentinelVersion: "v1",
      payload: { a: [1] },
    });
    expectTypeOf(settings).toEqualTypeOf<Settings>();
  });

  it("defaults to Sentinel v2 and no payload", () => {
    const settings = readSettings(GOOD, { mode: "live", required: CREDENTIAL_VARIABLES });
    expect(settings.sentinelVersion).toBe("v2");
    expect(settings.payload).toBeUndefined();
    expect(settings.domainApi).toBeUndefined();
  });

  it("names each missing variable", () => {
    for (const name of CREDENTIAL_VARIABLES) {
      const error = problemsOf({ ...GOOD, [name]: undefined });
      expect(error.variables).toEqual([name]);
      expect(error.problems[0]).toBeInstanceOf(InvalidArgumentError);
      expect(error.message).toContain(`${name}: not set`);
    }
    expect(problemsOf({}).variables).toEqual([...CREDENTIAL_VARIABLES]);
  });

  it("names each malformed variable", () => {
    const cases: [string, string, RegExp][] = [
      ["LP_ACCOUNT_ID", "12-34", /LP_ACCOUNT_ID: expected a LivePerson account id/],
      ["LP_CLIENT_ID", "", /LP_CLIENT_ID: expected a non-empty string/],
      ["LP_CLIENT_SECRET", " ", /LP_CLIENT_SECRET: expected a non-empty string, got blank text/],
      ["LP_LAMBDA_UUID", "abc", /LP_LAMBDA_UUID: expected a UUID/],
      ["LP_SENTINEL_VERSION", "v3", /LP_SENTINEL_VERSION: expected "v1" or "v2", got "v3"/],
      ["LP_PAYLOAD", "{nope", /LP_PAYLOAD: expected JSON/],
      ["LP_USER_ID", "", /LP_USER_ID: expected 1-256 characters/],
      ["LP_USER_ID", "x".repeat(257), /LP_USER_ID: expected 1-256 characters/],
      ["LP_DOMAIN_API", "http://example.com", /LP_DOMAIN_API: plain http:\/\/ is refused/],
      ["LP_DOMAIN_API", "ftp://x", /LP_DOMAIN_API: only http: and https:/],
    ];
    for (const [name, value, message] of cases) {
      const error = problemsOf({ ...GOOD, [name]: value });
      expect(error.variables, name).toEqual([name]);
      expect(error.message).toMatch(message);
    }
  });

  it("reports every problem at once", () => {
    const error = problemsOf({ LP_ACCOUNT_ID: "bad id", LP_PAYLOAD: "[", LP_SENTINEL_VERSION: "v9" });
    expect(error.variables.sort()).toEqual(
      [
        "LP_ACCOUNT_ID",
        "LP_CLIENT_ID",
        "LP_CLIENT_SECRET",
        "LP_LAMBDA_UUID",
        "LP_PAYLOAD",
        "LP_SENTINEL_VERSION",
      ].sort(),
    );
  });

  it("never echoes the secret", () => {
    // A well-formed secret never appears, whatever else is wrong.
    const other = problemsOf({ ...GOOD, LP_ACCOUNT_ID: "!" });
    expect(other.message).not.toContain(GOOD.LP_CLIENT_SECRET);
    expect(JSON.stringify(other.problems)).not.toContain(GOOD.LP_CLIENT_SECRET);
  });

  it("only needs what the command needs", () => {
    const settings = readSettings(
      { LP_ACCOUNT_ID: "12345678" },
      { mode: "live", required: ["LP_ACCOUNT_ID"] },
    );
    expect(settings.accountId).toBe("12345678");
    expect(() => readSettings({}, { mode: "live", required: [] })).not.toThrow();
  });

  it("ignores the credential variables offline but still checks the optional ones", () => {
    const settings = readSettings(
      { LP_ACCOUNT_ID: "not valid!", LP_PAYLOAD: "1" },
      { mode: "emulator", required: CREDENTIAL_VARIABLES },
    );
    expect(settings).toMatchObject({ mode: "emulator", accountId: undefined, payload: 1 });
    expect(() => readSettings({ LP_PAYLOAD: "{" }, { mode: "emulator", required: [] })).toThrow(ConfigError);
  });
});

describe("debugFromEnv", () => {
  it("reads LPKIT_DEBUG", () => {
    expect(debugFromEnv({})).toBe(false);
    expect(debugFromEnv({ LPKIT_DEBUG: "1" })).toBe(true);
    expect(debugFromEnv({ LPKIT_DEBUG: "true" })).toBe(true);
    for (const off of ["", "0", "false", "off", "no"]) {
      expect(debugFromEnv({ LPKIT_DEBUG: off }), off).toBe(false);
    }
  });
});
