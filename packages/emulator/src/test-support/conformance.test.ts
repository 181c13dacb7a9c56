import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Exchange } from "../exchange.js";
import { JSON_CONTENT_TYPE } from "../http-types.js";
import { createConformanceRecorder, SPECS_DIR } from "./conformance.js";

function exchange(
  partial: Partial<Exchange> & Pick<Exchange, "route" | "api" | "operationId" | "response">,
): Exchange {
  return {
    request: { method: "GET", path: "/", search: "", query: new URLSearchParams(), headers: {}, body: "" },
    outcome: "answered",
    fault: undefined,
    durationMs: 1,
    bodyUnread: false,
    ...partial,
  };
}

const listRequest = {
  method: "GET",
  path: "/api/account/12345678/service/baseURI.json",
  search: "?version=1.0",
  query: new URLSearchParams("version=1.0"),
  headers: {},
  body: "",
};
const list = { route: "domain.list", api: "domain", operationId: "listServiceBaseUris" } as const;
const json = (status: number, value: unknown) => ({
  status,
  headers: { "content-type": JSON_CONTENT_TYPE },
  body: JSON.stringify(value),
});

describe("the specs the emulator is checked against", () => {
  it.each(["domain", "sentinel", "faasgw"])("%s.yaml is a valid OpenAPI 3.1 document", async (name) => {
    const validator = new Validator();
    const result = await validator.validate(readFileSync(`${SPECS_DIR}${name}.yaml`, "utf8"));
    expect(result.errors ?? []).toEqual([]);
    expect(validator.version).toBe("3.1");
  });
});

describe("spec truth", () => {
  const spec = (name: string) => parse(readFileSync(`${SPECS_DIR}${name}.yaml`, "utf8"));

  it("domain.yaml keeps https first (lpkit's default) and documents LivePerson's clients' plain HTTP", () => {
    const servers = spec("domain").servers as { url: string; description: string }[];
    expect(servers.map((server) => server.url)).toEqual(["https://{host}", "http://{host}"]);
    expect(servers[1]?.description).toMatch(/LivePerson's own clients/);
    expect(servers[1]?.description).toMatch(/keeps `https:\/\/` as its default/);
  });

  it("sentinel.yaml documents scope as an optional (possibly empty) form field", () => {
    const request = spec("sentinel").components.schemas.TokenRequest;
    expect(request.properties.scope).toMatchObject({ type: "string" });
    expect(request.required).not.toContain("scope");
  });

  it("faasgw.yaml gives both externalSystem defaults and LivePerson's V2 host rule", () => {
    const faasgw = spec("faasgw");
    const flat = (text: string) => text.replace(/\s+/g, " ");
    const external = flat(faasgw.components.parameters.ExternalSystem.description);
    expect(external).toContain("sends `unknown` on invocations and `Unknown` on isImplemented");
    expect(flat(faasgw.info.description)).toContain("contains `fninvocations` **or** `functions`");
    expect(faasgw.servers[0]["x-unverified"]).toBe(true);
  });
});

describe("the conformance recorder", () => {
  it("passes a documented answer", async () => {
    const recorder = createConformanceRecorder({ requests: "strict" });
    recorder.onExchange(
      exchange({
        ...list,
        request: listRequest,
        response: json(200, { baseURIs: [{ service: "a", account: "1", baseURI: "h" }] }),
      }),
    );
    expect(await recorder.check()).toEqual({ checkedResponses: 1, checkedRequests: 1, violations: [] });
  });

  it("flags a body that breaks the schema", async () => {
    const recorder = createConformanceRecorder({ requests: "ignore" });
    recorder.onExchange(
      exchange({ ...list, response: json(200, { baseURIs: [{ service: "a", baseURI: "https://h/x" }] }) }),
    );
    const { violations } = await recorder.check();
    expect(violations).toEqual([expect.objectContaining({ kind: "response", where: "body", status: 200 })]);
  });

  it("flags an undocumented status on an operation without a default", async () => {
    const recorder = createConformanceRecorder({ requests: "ignore" });
    recorder.onExchange(
      exchange({
        route: "faasgw.isImplemented",
        api: "faasgw",
        operationId: "isEventImplemented",
        response: json(418, { code: "x", message: "y" }),
      }),
    );
    expect((await recorder.check()).violations).toEqual([
      expect.objectContaining({ where: "status", status: 418 }),
    ]);
  });

  it("flags an undocumented content type and an empty body where JSON is documented", async () => {
    const recorder = createConformanceRecorder({ requests: "ignore" });
    recorder.onExchange(
      exchange({ ...list, response: { status: 200, headers: { "content-type": "text/plain" }, body: "x" } }),
    );
    recorder.onExchange(exchange({ ...list, response: { status: 200, headers: {}, body: "" } }));
    recorder.onExchange(
      exchange({
        ...list,
        response: { status: 200, headers: { "content-type": "application/json" }, body: "{" },
      }),
    );
    const wheres = (await recorder.check()).violations.map((violation) => violation.where);
    expect(wheres).toEqual(["content-type", "body", "body"]);
  });

  it("checks 901 against the default response of an invoke operation", async () => {
    const recorder = createConformanceRecorder({ requests: "ignore" });
    const invoke = { route: "faasgw.invoke", api: "faasgw", operationId: "invokeLambda" } as const;
    recorder.onExchange(exchange({ ...invoke, response: json(901, { errorCode: "a", errorMsg: "b" }) }));
    recorder.onExchange(exchange({ ...invoke, response: json(901, { message: "no code" }) }));
    const { violations, checkedResponses } = await recorder.check();
    expect(checkedResponses).toBe(2);
    expect(violations).toHaveLength(1);
  });

  it("flags requests that break the spec in strict mode", async () => {
    const recorder = createConformanceRecorder({ requests: "strict" });
    recorder.onExchange(
      exchange({
        ...list,
        request: { ...listRequest, search: "", query: new URLSearchParams() },
        response: json(400, { error: "Bad Request" }),
      }),
    );
    const { violations } = await recorder.check();
    expect(violations).toEqual([expect.objectContaining({ kind: "request" })]);
  });

  it("skips answers broken on purpose by a fault, and unknown routes", async () => {
    const recorder = createConformanceRecorder({ requests: "ignore" });
    recorder.onExchange(
      exchange({ ...list, fault: "malformed-json", response: { status: 200, headers: {}, body: "{" } }),
    );
    recorder.onExchange(
      exchange({ route: undefined, api: undefined, operationId: undefined, response: json(404, {}) }),
    );
    expect(await recorder.check()).toEqual({ checkedResponses: 0, checkedRequests: 0, violations: [] });
  });
});
