// The README's "test your own code" example, verbatim apart from the import paths and the
// user's function (defined inline here). If this file changes, change the README too.
import { createLivePersonFunctions, type LivePersonFunctions } from "@lpkit/auth";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createEmulator, DEMO } from "./index.js";

// The user's own code under test: asks a lambda for a greeting.
async function greetCustomer(lp: LivePersonFunctions, name: string): Promise<string> {
  const { data } = await lp.invoke<{ greeting: string }>(DEMO.lambdaUuid, { name });
  return data.greeting;
}

const emulator = createEmulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.stop());

it("greets through the lambda", async () => {
  emulator.registerLambda<{ name: string }>(DEMO.lambdaUuid, ({ name }) => ({ greeting: `Hello, ${name}` }));
  const lp = createLivePersonFunctions({
    accountId: DEMO.accountId,
    clientId: DEMO.clientId,
    clientSecret: DEMO.clientSecret,
    domainApi: { baseUrl: emulator.domainApiUrl },
    fetch: emulator.fetch,
  });
  expect(await greetCustomer(lp, "Jane")).toBe("Hello, Jane");
  expect(emulator.stats().executions.byLambda[DEMO.lambdaUuid]).toBe(1);
});

it("fails the way LivePerson fails when the lambda throws", async () => {
  emulator.registerLambda(DEMO.lambdaUuid, () => {
    throw new Error("no greeting today");
  });
  const lp = createLivePersonFunctions({
    accountId: DEMO.accountId,
    clientId: DEMO.clientId,
    clientSecret: DEMO.clientSecret,
    domainApi: { baseUrl: emulator.domainApiUrl },
    fetch: emulator.fetch,
  });
  await expect(greetCustomer(lp, "Jane")).rejects.toMatchObject({ code: "ERR_FAAS_FUNCTION", status: 901 });
});
