// The consumer flow every runtime of the matrix runs (Bun, Deno, workerd, Chromium), written against the
// published @lpkit/auth with web-standard APIs only — no `process`, no `node:` import — so the runtime's
// own fetch, WebCrypto, AbortSignal, TextEncoder … are what is tested. For each account of `config`:
// Domain API discovery → a Sentinel client-credentials token → invoke a lambda, invoke an event,
// isImplemented, a failing lambda as a typed FunctionError, a bad argument refused before any request,
// the token verified (RS256 against Sentinel's JWKS, through WebCrypto), and no secret in anything printed.
// Resolves `{ ok: true, accounts: [...] }` or throws an Error naming the step that failed.
import { createLivePersonFunctions } from "@lpkit/auth";
import { verifyAccessToken } from "@lpkit/auth/verify";

function check(condition, what) {
  if (!condition) {
    throw new Error(`check failed: ${what}`);
  }
}

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

/**
 * @param {{ domainApiUrl: string, eventId: string, failingLambdaUuid: string, accounts: Array<{
 *   accountId: string, clientId: string, clientSecret: string, lambdaUuid: string }> }} config
 */
export async function runFlow(config) {
  const results = [];
  for (const account of config.accounts) {
    let step = "create";
    const lp = createLivePersonFunctions({
      accountId: account.accountId,
      clientId: account.clientId,
      clientSecret: account.clientSecret,
      domainApi: { baseUrl: config.domainApiUrl },
    });
    try {
      step = "invoke";
      const payload = { hello: "runtime", n: 1 };
      const invoked = await lp.invoke(account.lambdaUuid, payload);
      check(invoked.status === 200 || invoked.status === 202, `invoke status ${invoked.status}`);
      check(JSON.stringify(invoked.data.echo) === JSON.stringify(payload), "invoke echoes the payload");

      step = "invokeEvent";
      const event = await lp.invokeEvent(config.eventId, { via: "event" });
      check(JSON.stringify(event.data.echo) === JSON.stringify({ via: "event" }), "event echoes the payload");

      step = "isImplemented";
      check((await lp.isImplemented(config.eventId)) === true, "isImplemented(implemented event)");
      check(
        (await lp.isImplemented("lpkit_runtime_unimplemented")) === false,
        "isImplemented(unknown event)",
      );

      step = "failing lambda";
      const failed = await rejection(lp.invoke(config.failingLambdaUuid, {}));
      check(failed.code === "ERR_FAAS_FUNCTION", `failing lambda gave ${failed.code}`);
      check(failed.name === "FunctionError", `failing lambda gave ${failed.name}`);

      step = "bad argument";
      const refused = await rejection(lp.invoke("not-a-uuid", {}));
      check(refused.code === "ERR_INVALID_ARGUMENT", `bad uuid gave ${refused.code}`);

      step = "verify token";
      const token = await lp.tokenManager.getToken();
      const sentinel = await lp.resolver.resolve("sentinel");
      const verified = await verifyAccessToken(token.accessToken, { accountId: account.accountId, sentinel });
      check(verified.claims.aud === account.accountId, "verified aud is the account");
      check(verified.header.alg === "RS256", "verified alg is RS256");

      step = "no secrets";
      const printed = [JSON.stringify(token), JSON.stringify(failed), String(failed), String(refused)].join(
        "\n",
      );
      check(!printed.includes(account.clientSecret), "the client secret is not in what is printed");
      check(!printed.includes(token.accessToken), "the token is not in what is printed");

      results.push({ accountId: account.accountId, convention: (await lp.client()).convention, ok: true });
    } catch (error) {
      throw new Error(`account ${account.accountId}, step "${step}": ${error?.name}: ${error?.message}`);
    } finally {
      lp.dispose();
    }
  }
  return { ok: true, accounts: results };
}
