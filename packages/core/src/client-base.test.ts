import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "./index.js";
import { defaultSleep, resolveClientBase } from "./internal.js";

const DEFAULTS = { timeoutMs: 10_000, maxResponseBytes: 64 * 1024 };
const VALID = { baseUrl: "va.idp.liveperson.net", accountId: "12345678" };

/** An `InvalidArgumentError` naming `argument`, its message containing `message`. */
function refused(argument: string, message = "") {
  return expect.objectContaining({
    constructor: InvalidArgumentError,
    argument,
    message: expect.stringContaining(message),
  });
}

describe("resolveClientBase", () => {
  it("fills in the defaults", () => {
    const base = resolveClientBase(VALID, DEFAULTS);
    expect(base).toMatchObject({
      baseUrl: "https://va.idp.liveperson.net",
      accountId: "12345678",
      clientHeaders: {},
      timeoutMs: 10_000,
      maxResponseBytes: 64 * 1024,
    });
    expect(base.now).toBe(Date.now);
    expect(base.sleep).toBe(defaultSleep);
    expect(typeof base.transport.send).toBe("function");
    expect(typeof base.fetch).toBe("function");
  });

  it("takes what is given: headers with lower-case names, fetch, transport, clock, limits", () => {
    const fetch = async () => new Response("{}");
    const transport = {
      send: async () => ({ status: 200, statusText: "", headers: { get: () => null }, body: "" }),
    };
    const now = () => 5;
    const sleep = async () => {};
    const base = resolveClientBase(
      {
        ...VALID,
        baseUrl: "http://127.0.0.1:8080",
        headers: { "X-Tenant": "t1" },
        fetch,
        transport,
        timeoutMs: 2_000,
        now,
        sleep,
        maxResponseBytes: 1_024,
      },
      DEFAULTS,
    );
    expect(base).toMatchObject({
      baseUrl: "http://127.0.0.1:8080",
      clientHeaders: { "x-tenant": "t1" },
      timeoutMs: 2_000,
      maxResponseBytes: 1_024,
    });
    expect(base.fetch).toBe(fetch);
    expect(base.transport).toBe(transport);
    expect(base.now).toBe(now);
    expect(base.sleep).toBe(sleep);
    expect(
      resolveClientBase(
        { ...VALID, baseUrl: "http://va.idp.liveperson.net", allowInsecureHttp: true },
        DEFAULTS,
      ).baseUrl,
    ).toBe("http://va.idp.liveperson.net");
  });

  it("names each bad option", () => {
    expect(() => resolveClientBase(null as never, DEFAULTS)).toThrow(refused("options"));
    const cases: [Record<string, unknown>, string][] = [
      [{ allowInsecureHttp: "yes" }, "allowInsecureHttp"],
      [{ baseUrl: "http://va.idp.liveperson.net" }, "baseUrl"],
      [{ accountId: "not an account" }, "accountId"],
      [{ headers: 5 }, "headers"],
      [{ fetch: "fetch" }, "fetch"],
      [{ transport: {} }, "transport"],
      [{ timeoutMs: -1 }, "timeoutMs"],
      [{ now: 5 }, "now"],
      [{ sleep: "soon" }, "sleep"],
      [{ maxResponseBytes: 0 }, "maxResponseBytes"],
    ];
    for (const [bad, argument] of cases) {
      expect(() => resolveClientBase({ ...VALID, ...bad }, DEFAULTS)).toThrow(refused(argument));
    }
  });

  it("checks in one order: baseUrl and accountId before headers, headers before the rest", () => {
    const allBad = { baseUrl: 5, accountId: 5, headers: 5, timeoutMs: -1, now: 5, maxResponseBytes: 0 };
    expect(() => resolveClientBase(allBad, DEFAULTS)).toThrow(refused("baseUrl"));
    expect(() => resolveClientBase({ ...allBad, baseUrl: VALID.baseUrl }, DEFAULTS)).toThrow(
      refused("accountId"),
    );
    expect(() => resolveClientBase({ ...allBad, ...VALID }, DEFAULTS)).toThrow(refused("headers"));
    expect(() => resolveClientBase({ ...allBad, ...VALID, headers: {} }, DEFAULTS)).toThrow(
      refused("timeoutMs"),
    );
  });

  it("refuses the credential headers the client keeps for itself, any case, with the client's message", () => {
    const credentialHeaders = { names: ["authorization", "x-lp-on-behalf"], message: "is set by the client" };
    for (const name of ["Authorization", "X-LP-ON-BEHALF"]) {
      expect(() =>
        resolveClientBase({ ...VALID, headers: { [name]: "v" } }, { ...DEFAULTS, credentialHeaders }),
      ).toThrow(refused(`headers.${name.toLowerCase()}`, "is set by the client"));
    }
    // Without credentialHeaders, an Authorization header is the client's to use.
    expect(
      resolveClientBase({ ...VALID, headers: { Authorization: "Basic x" } }, DEFAULTS).clientHeaders,
    ).toEqual({
      authorization: "Basic x",
    });
  });
});
