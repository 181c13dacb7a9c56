import { InvalidArgumentError } from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { createDomainResolver } from "./domain-resolver.js";
import { wireFacade } from "./facade-wiring.js";
import { ACCOUNT, CLIENT_ID, CLIENT_SECRET, createFakeLivePerson } from "./test-support/fake-liveperson.js";

function base(fetch = createFakeLivePerson().fetch) {
  return { accountId: ACCOUNT, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, fetch };
}

function invalid(run: () => unknown): InvalidArgumentError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error("expected an InvalidArgumentError");
}

describe("wireFacade", () => {
  it("checks the options object and each nested option object it is told of", () => {
    expect(invalid(() => wireFacade(null as never, { version: "v2", nested: [] })).argument).toBe("options");
    const options = { ...base(), tokens: 5 as never, faas: "x" };
    expect(invalid(() => wireFacade(options, { version: "v2", nested: ["faas", "tokens"] })).argument).toBe(
      "faas",
    );
    expect(invalid(() => wireFacade(options, { version: "v2", nested: ["tokens"] })).argument).toBe("tokens");
  });

  it("refuses a resolver that is not one, or is for another account", () => {
    const notOne = invalid(() =>
      wireFacade({ ...base(), resolver: {} as never }, { version: "v2", nested: [] }),
    );
    expect(notOne.argument).toBe("resolver");
    expect(notOne.message).toContain("expected a resolver from createDomainResolver");
    const other = createDomainResolver({ accountId: "87654321", fetch: base().fetch });
    const foreign = invalid(() => wireFacade({ ...base(), resolver: other }, { version: "v2", nested: [] }));
    expect(foreign.argument).toBe("resolver");
    expect(foreign.message).toContain("is for another account");
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
