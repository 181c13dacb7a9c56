import { InvalidArgumentError } from "@lpkit/core";
import { afterAll, describe, expect, it } from "vitest";
import { createDomainResolver } from "./domain-resolver.js";
import { wireFacade } from "./facade-wiring.js";
import { ACCOUNT, CLIENT_ID, CLIENT_SECRET, createFakeLivePerson } from "./test-support/fake-liveperson.js";
import { assertCollectedSecretFree, expectThrow } from "./test-support/secrets.js";

function base(fetch = createFakeLivePerson().fetch) {
  return { accountId: ACCOUNT, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, fetch };
}

afterAll(assertCollectedSecretFree);

/** Runs `fn`, which must throw an `InvalidArgumentError` naming `argument`; returns its message. */
function refusal(fn: () => unknown, argument: string): string {
  const error = expectThrow(fn);
  expect(error).toBeInstanceOf(InvalidArgumentError);
  expect((error as InvalidArgumentError).argument).toBe(argument);
  return error.message;
}

describe("wireFacade", () => {
  it("checks the options object and each nested option object it is told of", () => {
    refusal(() => wireFacade(null as never, { version: "v2", nested: [] }), "options");
    const options = { ...base(), tokens: 5 as never, faas: "x" };
    refusal(() => wireFacade(options, { version: "v2", nested: ["faas", "tokens"] }), "faas");
    refusal(() => wireFacade(options, { version: "v2", nested: ["tokens"] }), "tokens");
  });

  it("refuses a resolver that is not one, or is for another account", () => {
    const notOne = refusal(
      () => wireFacade({ ...base(), resolver: {} as never }, { version: "v2", nested: [] }),
      "resolver",
    );
    expect(notOne).toContain("expected a resolver from createDomainResolver");
    const other = createDomainResolver({ accountId: "87654321", fetch: base().fetch });
    const foreign = refusal(
      () => wireFacade({ ...base(), resolver: other }, { version: "v2", nested: [] }),
      "resolver",
    );
    expect(foreign).toContain("is for another account");
  });

  it("shares a given resolver, and asks Sentinel for a token of the version it is told", async () => {
    const resolver = createDomainResolver({ accountId: ACCOUNT, fetch: base().fetch });
    expect(wireFacade({ ...base(), resolver }, { version: "v2", nested: [] }).resolver).toBe(resolver);
    for (const version of ["v1", "v2"] as const) {
      const lp = createFakeLivePerson();
      const now = () => Date.now();
      const wired = wireFacade({ ...base(lp.fetch), now, allowInsecureHttp: true }, { version, nested: [] });
      const { resolver: made, tokenManager } = wired;
      expect(wired.clientOptions).toEqual({
        accountId: ACCOUNT,
        auth: tokenManager,
        fetch: lp.fetch,
        transport: undefined,
        allowInsecureHttp: true,
        now,
        sleep: undefined,
      });
      expect(made.accountId).toBe(ACCOUNT);
      await tokenManager.getToken();
      const [request] = lp.requests("token");
      const path = version === "v1" ? "/sentinel/api/account/" : "/sentinel/api/v2/account/";
      expect(new URL(request?.url ?? "").pathname).toBe(`${path}${ACCOUNT}/app/token`);
      tokenManager.dispose();
    }
  });
});
