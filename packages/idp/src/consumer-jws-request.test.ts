import { InvalidArgumentError } from "@lpkit/core";
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import {
  assertRawAppJwt,
  createConsumerJwsInit,
  MAX_EXT_CONSUMER_ID_LENGTH,
} from "./consumer-jws-request.js";
import type { paths } from "./generated/idp.js";
import { APP_JWT, spec } from "./test-support/fixtures.js";

const valid = { accountId: "12345678", extConsumerId: "whatsapp-4915112345678" };

function argumentOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    const message = (error as Error).message;
    expect(message).not.toContain(APP_JWT.slice(0, 30));
    return (error as InvalidArgumentError).argument;
  }
  return undefined;
}

describe("createConsumerJwsInit", () => {
  it("builds the spec's path, version and body, and no credential", () => {
    const init = createConsumerJwsInit(valid);
    expect(init).toMatchObject({
      method: "POST",
      path: "/api/account/{accountId}/consumer",
      params: { path: { accountId: "12345678" }, query: { v: "1.0" } },
      body: { ext_consumer_id: "whatsapp-4915112345678" },
    });
    expect(init.headers).toEqual({ "content-type": "application/json" });
    expect(Object.keys(spec.paths as object)).toContain(init.path);
  });

  it("is exactly the request openapi-fetch sends for it", async () => {
    let sent: Request | undefined;
    const client = createClient<paths>({
      baseUrl: "https://va.idp.liveperson.net",
      fetch: async (request: Request) => {
        sent = request;
        return new Response('{"token":"x.y.z"}', { status: 201 });
      },
    });
    const init = createConsumerJwsInit(valid);
    await client.POST(init.path, {
      ...init,
      headers: { ...init.headers, authorization: assertRawAppJwt(APP_JWT) },
    });
    expect(sent?.url).toBe("https://va.idp.liveperson.net/api/account/12345678/consumer?v=1.0");
    expect(sent?.headers.get("authorization")).toBe(APP_JWT);
    expect(await sent?.json()).toEqual({ ext_consumer_id: "whatsapp-4915112345678" });
  });

  it("names the offending input before anything is sent", () => {
    expect(argumentOf(() => createConsumerJwsInit({ ...valid, accountId: "12 34" }))).toBe("accountId");
    for (const extConsumerId of [
      "",
      "   ",
      "a\nb",
      "a\u0000",
      "\ud800x",
      "x".repeat(MAX_EXT_CONSUMER_ID_LENGTH + 1),
      7,
    ]) {
      expect(
        argumentOf(() => createConsumerJwsInit({ ...valid, extConsumerId: extConsumerId as string })),
      ).toBe("extConsumerId");
    }
    for (const appJwt of [
      "",
      `Bearer ${APP_JWT}`,
      `jwt ${APP_JWT}`,
      "not-a-jwt",
      `${APP_JWT}\r\nX-Evil: 1`,
      1,
    ]) {
      expect(argumentOf(() => assertRawAppJwt(appJwt))).toBe("appJwt");
    }
    expect(assertRawAppJwt(APP_JWT)).toBe(APP_JWT);
    expect(argumentOf(() => createConsumerJwsInit(null as never))).toBe("input");
  });

  it("accepts non-ASCII consumer ids (paired surrogates are fine)", () => {
    expect(createConsumerJwsInit({ ...valid, extConsumerId: "Zoë-😀" }).body.ext_consumer_id).toBe("Zoë-😀");
  });
});
