// Consumer of @lpkit/auth, type-checked (never run) under nodenext and bundler resolution.
import {
  type AuthEvent,
  createDomainResolver,
  createLivePersonFunctions,
  createTokenManager,
  type LivePersonFunctions,
  type LivePersonFunctionsOptions,
  type TokenManager,
} from "@lpkit/auth";

const options: LivePersonFunctionsOptions = {
  accountId: "12345678",
  clientId: "client",
  clientSecret: "secret",
  version: "v2",
  onEvent: (event: AuthEvent) => void event.type,
};
const lp: LivePersonFunctions = createLivePersonFunctions(options);

const tokens: TokenManager = createTokenManager({
  accountId: "12345678",
  clientId: "client",
  clientSecret: "secret",
  version: "v2",
  domains: createDomainResolver({ accountId: "12345678" }),
});

export async function run(): Promise<string> {
  const { data } = await lp.invoke<{ echo: unknown }>("3fa85f64-5717-4562-b3fc-2c963f66afa6", {
    hello: "world",
  });
  const authorization: string = await tokens.authorization();
  return `${JSON.stringify(data.echo)} ${authorization.length}`;
}

// @ts-expect-error the client secret is required
createLivePersonFunctions({ accountId: "12345678", clientId: "client" });
