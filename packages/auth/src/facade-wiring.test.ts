import { InvalidArgumentError } from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { createDomainResolver } from "./domain-resolver.js";
import { wireFacade } from "./facade-wiring.js";
import { ACCOUNT, CLIENT_ID, CLIENT_SECRET, createFakeLivePerson } from "./test-support/fake-liveperson.js";

function base(fetch = createFakeLivePerson().fetch) {
  return { accountId: ACCOUNT, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, fetch };
}

/** An `InvalidArgumentError` naming `argument`, its message containing `message`. */
function refused(argument: string, message = "") {
  return expect.objectContaining({
    constructor: InvalidArgumentError,
    argument,
    message: expect.stringContaining(message),
  });
}

describe("wireFacade", () => {
  it("checks the options object and each nested option object it is told of", () => {
    expect(() => wireFacade(null as never, { version: "v2", nested: [] })).toThrow(refused("options"));
    const options = { ...base(), tokens: 5 as never, faas: "x" };
    expect(() => wireFacade(options, { version: "v2", nested: ["faas", "tokens"] })).toThrow(refused("faas"));
    expect(() => wireFacade(options, { version: "v2", nested: ["tokens"] })).toThrow(refused("tokens"));
  });

  it("refuses a resolver that is not one, or is for another account", () => {
    expect(() => wireFacade({ ...base(), resolver: {} as never }, { version: "v2", nested: [] })).toThrow(
      refused("resolver", "expected a resolver from createDomainResolver"),
    );
    const other = createDomainResolver({ accountId: "87654321", fetch: base().fetch });
    expect(() => wireFacade({ ...base(), resolver: other }, { version: "v2", nested: [] })).toThrow(
      refused("resolver", "is for another account"),
    );
  });

  it("shares a given resolver, and asks Sentinel for a token of the version it is told", async () => {
    const resolver = createDomainResolver({ accountId: ACCOUNT, fetch: base().fetch });
    expect(wireFacade({ ...base(), resolver }, { version: "v2", nested: [] }).resolver).toBe(resolver);
    for (const version of ["v1", "v2"] as const) {
      const lp = createFakeLivePerson();
      const { resolver: made, tokenManager } = wireFacade(base(lp.fetch), { version, nested: [] });
      expect(made.accountId).toBe(ACCOUNT);
      await tokenManager.getToken();
      const [request] = lp.requests("token");
      const path = version === "v1" ? "/sentinel/api/account/" : "/sentinel/api/v2/account/";
      expect(new URL(request?.url ?? "").pathname).toBe(`${path}${ACCOUNT}/app/token`);
      tokenManager.dispose();
    }
  });
});
