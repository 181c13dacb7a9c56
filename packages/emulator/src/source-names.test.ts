// Spec truth (issue 14 items 1 and 4): calling-system names are free text such as "My CRM" (as
// LivePerson's Node client passes them), refused only for control characters, CR/LF or over-long
// values; and a V2 gateway can be handed out under a `functions` host, LivePerson's client's rule.
import { describe, expect, it } from "vitest";
import { DEMO } from "./config.js";
import { createEmulator } from "./emulator.js";
import type { Exchange } from "./exchange.js";
import { requestViolations } from "./test-support/conformance.js";
import { requestToken, useEmulator } from "./test-support/harness.js";

const env = useEmulator();
const body = JSON.stringify({ timestamp: 0, headers: [], payload: {} });

async function invokeV1(externalSystem: string): Promise<{ status: number; source: unknown }> {
  const { emulator } = env();
  let source: unknown;
  emulator.registerLambda(DEMO.lambdaUuid, (_payload, context) => {
    source = context.source;
    return "ok";
  });
  const token = await emulator.mintToken({ accountId: DEMO.accountId });
  const query = new URLSearchParams({ v: "1", externalSystem });
  const response = await fetch(
    `${emulator.url}/api/account/${DEMO.accountId}/lambdas/${DEMO.lambdaUuid}/invoke?${query}`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
    },
  );
  return { status: response.status, source };
}

async function invokeV2(eventSource: string): Promise<number> {
  const { emulator } = env();
  const token = await emulator.mintToken({ accountId: DEMO.v2AccountId });
  const response = await fetch(
    `${emulator.url}/api/account/${DEMO.v2AccountId}/lambdas/${DEMO.lambdaUuid}/invoke`,
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "lp-eventsource": eventSource,
      },
      body,
    },
  );
  return response.status;
}

function exchangeWith(query: string, headers: Record<string, string>): Exchange {
  return {
    route: "faasgw.invoke",
    api: "faasgw",
    operationId: "invokeLambda",
    request: {
      method: "POST",
      path: `/api/account/${DEMO.accountId}/lambdas/${DEMO.lambdaUuid}/invoke`,
      search: query,
      query: new URLSearchParams(query),
      headers: { "content-type": "application/json", authorization: "Bearer x.y.z", ...headers },
      body,
    },
    response: undefined,
    outcome: "answered",
    fault: undefined,
    durationMs: 0,
    bodyUnread: false,
  };
}

describe("calling-system names", () => {
  it.each(["My CRM", "unknown", "Unknown", "crm-integration_42", "Ünïcødé CRM", "x".repeat(128)])(
    "accepts %j in externalSystem (V1) and LP-EventSource (V2), as the spec does",
    async (name) => {
      const v1 = await invokeV1(name);
      expect(v1).toEqual({ status: 200, source: name });
      if (/^[\x20-\x7E]*$/.test(name)) {
        expect(await invokeV2(name)).toBe(202);
      }
      expect(
        await requestViolations(
          exchangeWith(`?${new URLSearchParams({ v: "1", externalSystem: name })}`, {}),
        ),
      ).toEqual([]);
      expect(await requestViolations(exchangeWith("?v=1", { "lp-eventsource": name }))).toEqual([]);
    },
  );

  it.each([
    ["CR/LF", "My CRM\r\nX-Injected: yes"],
    ["a tab", "My\tCRM"],
    ["NUL", "a\u0000b"],
    ["DEL", "a\u007fb"],
    ["a C1 control", "a\u0085b"],
    ["129 characters", "x".repeat(129)],
    ["nothing", ""],
  ])("refuses %s in externalSystem with 400, as the spec does", async (_what, name) => {
    expect((await invokeV1(name)).status).toBe(400);
    const violations = await requestViolations(
      exchangeWith(`?${new URLSearchParams({ v: "1", externalSystem: name })}`, {}),
    );
    expect(violations).not.toEqual([]);
  });

  it("refuses a control character in LP-EventSource with 400", async () => {
    // A C1 control: HTTP clients refuse to send CR, LF, NUL or DEL in a header at all.
    expect(await invokeV2("a\u0085b")).toBe(400);
  });
});

describe("a V2 gateway under a functions host", () => {
  it("hands out a `*.functions.*` host for V2 accounts and serves it through emulator.fetch, with no DNS", async () => {
    const emulator = createEmulator({ v2FaasHost: "va.functions.localhost" });
    await emulator.start();
    try {
      expect(emulator.hosts.faasGWV2).toBe(`va.functions.localhost:${emulator.address.port}`);
      const list = await fetch(
        `${emulator.url}/api/account/${DEMO.v2AccountId}/service/faasGW/baseURI.json?version=1.0`,
      );
      expect(await list.json()).toEqual({
        service: "faasGW",
        account: DEMO.v2AccountId,
        baseURI: emulator.hosts.faasGWV2,
      });
      const issued = await requestToken(emulator.url, DEMO.v2AccountId, {
        clientId: DEMO.v2ClientId,
        clientSecret: DEMO.v2ClientSecret,
      });
      const invoked = await emulator.fetch(
        `https://${emulator.hosts.faasGWV2}/api/account/${DEMO.v2AccountId}/lambdas/${DEMO.lambdaUuid}/invoke`,
        {
          method: "POST",
          headers: {
            authorization: `Bearer ${issued.body.access_token as string}`,
            "content-type": "application/json",
            "lp-eventsource": "My CRM",
          },
          body,
        },
      );
      expect(invoked.status).toBe(202);
    } finally {
      await emulator.stop();
    }
  });
});
