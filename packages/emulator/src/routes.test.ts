import { describe, expect, it } from "vitest";
import { matchRoute, ROUTE_NAMES, routeInfo } from "./routes.js";

describe("matchRoute", () => {
  it.each([
    ["GET", "/api/account/123/service/baseURI.json", "domain.list", { accountId: "123" }],
    [
      "GET",
      "/api/account/123/service/faasGW/baseURI.json",
      "domain.single",
      { accountId: "123", serviceName: "faasGW" },
    ],
    ["POST", "/sentinel/api/account/123/app/token", "sentinel.token.v1", { accountId: "123" }],
    ["POST", "/sentinel/api/v2/account/123/app/token", "sentinel.token.v2", { accountId: "123" }],
    ["GET", "/sentinel/well-known/jwks", "sentinel.jwks", {}],
    ["POST", "/api/account/1/lambdas/abc/invoke", "faasgw.invoke", { accountId: "1", lambdaUuid: "abc" }],
    ["POST", "/api/account/1/events/e_1/invoke", "faasgw.invokeEvent", { accountId: "1", eventId: "e_1" }],
    [
      "GET",
      "/api/account/1/events/e_1/isImplemented",
      "faasgw.isImplemented",
      { accountId: "1", eventId: "e_1" },
    ],
    ["HEAD", "/sentinel/well-known/jwks", "sentinel.jwks", {}],
  ])("%s %s → %s", (method, path, name, params) => {
    const match = matchRoute(method, path);
    expect(match.kind).toBe("route");
    if (match.kind === "route") {
      expect(match.route.name).toBe(name);
      expect(match.params).toEqual(params);
    }
  });

  it("decodes path parameters and tolerates a trailing slash", () => {
    const match = matchRoute("GET", "/api/account/a%20b/service/baseURI.json/");
    expect(match).toMatchObject({ kind: "route", params: { accountId: "a b" } });
  });

  it("tells a wrong method from an unknown path", () => {
    expect(matchRoute("GET", "/api/account/1/lambdas/x/invoke")).toMatchObject({
      kind: "method-not-allowed",
      route: { name: "faasgw.invoke", method: "POST" },
    });
    expect(matchRoute("GET", "/api/account/1/service/x/y/baseURI.json")).toEqual({ kind: "none" });
    expect(matchRoute("GET", "/api/account/%E0%A4%A/service/baseURI.json")).toEqual({ kind: "none" });
  });

  it("maps every route to its spec operation", () => {
    expect(ROUTE_NAMES.map((name) => [name, routeInfo(name).operationId])).toEqual([
      ["domain.list", "listServiceBaseUris"],
      ["domain.single", "getServiceBaseUri"],
      ["sentinel.token.v1", "requestAppTokenV1"],
      ["sentinel.token.v2", "requestAppTokenV2"],
      ["sentinel.jwks", "getJwks"],
      ["faasgw.invoke", "invokeLambda"],
      ["faasgw.invokeEvent", "invokeEvent"],
      ["faasgw.isImplemented", "isEventImplemented"],
      ["idp.consumerJws", "createConsumerJws"],
      ["connector.conversation", "createConversation"],
      ["connector.send", "sendRequest"],
    ]);
    expect(() => routeInfo("nope" as "domain.list")).toThrow(TypeError);
  });
});
