// The README's example, verbatim apart from the import paths, run against a stub `fetch` that
// answers like the IdP. If this file changes, change the README too.
import { isLpkitError } from "@lpkit/core";
import { afterEach, expect, it, vi } from "vitest";
import { assertRawAppJwt, createConsumerJwsInit, parseConsumerJwsAnswer } from "./index.js";
import { APP_JWT, DOC_JWS } from "./test-support/fixtures.js";

// --- README example -------------------------------------------------------------------------------
// The IdP host comes from the Domain API (service "idp"); the AppJWT from Sentinel.
export async function consumerJws(idpHost: string, accountId: string, appJwt: string, userId: string) {
  const init = createConsumerJwsInit({ accountId, extConsumerId: userId }); // checks every input
  const url = `https://${idpHost}/api/account/${encodeURIComponent(accountId)}/consumer?v=1.0`;
  const response = await fetch(url, {
    method: init.method,
    headers: { ...init.headers, authorization: assertRawAppJwt(appJwt) }, // raw: no "Bearer " prefix
    body: JSON.stringify(init.body),
    redirect: "manual",
  });
  try {
    const jws = parseConsumerJwsAnswer({
      status: response.status,
      text: await response.text(),
      headers: response.headers,
    });
    console.log(jws); // { token: '[REDACTED]', header: { kid, typ, alg }, claims: { account_id, ext_consumer_id, lp_consumer_id } }
    return jws.token; // send as X-LP-ON-BEHALF; it never expires, so cache it per userId
  } catch (err) {
    if (isLpkitError(err) && err.code === "ERR_CONSUMER_JWS_REQUEST") {
      console.error(
        `the IdP said ${err.status}`,
        err.internalErrorCode ?? "",
        err.retryable ? "(try later)" : "",
      );
    }
    throw err;
  }
}
// --- end of README example ------------------------------------------------------------------------

afterEach(() => vi.unstubAllGlobals());

it("sends the documented request and returns the ConsumerJWS, printing it redacted", async () => {
  const seen: Request[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    seen.push(new Request(url, init));
    return new Response(JSON.stringify({ token: DOC_JWS }), { status: 201 });
  });
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  expect(await consumerJws("va.idp.liveperson.net", "12345678", APP_JWT, "user-42")).toBe(DOC_JWS);
  const request = seen[0];
  expect(request?.url).toBe("https://va.idp.liveperson.net/api/account/12345678/consumer?v=1.0");
  expect(request?.headers.get("authorization")).toBe(APP_JWT);
  expect(await request?.json()).toEqual({ ext_consumer_id: "user-42" });
  const { inspect } = await import("node:util");
  expect(inspect(log.mock.calls)).not.toContain(DOC_JWS.slice(-20));
  expect(inspect(log.mock.calls)).toContain("[REDACTED]");
});

it("reports a refusal with its status and code", async () => {
  vi.stubGlobal("fetch", async () => new Response('{"internalErrorCode":"9007"}', { status: 500 }));
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  await expect(consumerJws("va.idp.liveperson.net", "12345678", APP_JWT, "user-42")).rejects.toMatchObject({
    code: "ERR_CONSUMER_JWS_REQUEST",
    internalErrorCode: "9007",
  });
  expect(error).toHaveBeenCalledWith("the IdP said 500", "9007", "(try later)");
});

it("is the README's example, verbatim apart from the import paths", async () => {
  const { readFileSync } = await import("node:fs");
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const block = /## Example: the building blocks\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  const self = readFileSync(new URL(import.meta.url), "utf8");
  const example =
    /\/\/ --- README example -+\n([\s\S]*?)\/\/ --- end of README example/.exec(self)?.[1] ?? "";
  const body = (code: string) =>
    code
      .split("\n")
      .filter((line) => !line.startsWith("import "))
      .join("\n")
      .replace(/,(\s*[)\]}])/g, "$1")
      .replace(/\s+/g, "");
  expect(body(example).length).toBeGreaterThan(150);
  expect(body(block)).toBe(body(example));
});
