import { describe, expect, expectTypeOf, it } from "vitest";
import { buildUrl, type FaasPathParams, type FaasQuery } from "./request-url.js";

const LAMBDA = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

describe("buildUrl", () => {
  it("fills the path template and appends the query in order, encoded, leaving out undefined", () => {
    expect(
      buildUrl(
        "post",
        "https://gw.example",
        "/api/account/{accountId}/lambdas/{lambdaUuid}/invoke",
        { accountId: "123", lambdaUuid: LAMBDA },
        { v: "1", externalSystem: "crm", userId: "a b/c&d=ü", skillId: undefined },
      ),
    ).toBe(
      `https://gw.example/api/account/123/lambdas/${LAMBDA}/invoke?v=1&externalSystem=crm&userId=a%20b%2Fc%26d%3D%C3%BC`,
    );
    expect(
      buildUrl(
        "get",
        "http://127.0.0.1:8080",
        "/api/account/{accountId}/events/{eventId}/isImplemented",
        { accountId: "123", eventId: "ev/1" },
        { userId: undefined, skillId: undefined },
      ),
    ).toBe("http://127.0.0.1:8080/api/account/123/events/ev%2F1/isImplemented");
  });

  it("takes its parameter types from the generated paths", () => {
    type InvokeParams = FaasPathParams<"post", "/api/account/{accountId}/lambdas/{lambdaUuid}/invoke">;
    expectTypeOf<InvokeParams>().toEqualTypeOf<{ accountId: string; lambdaUuid: string }>();
    type CheckQuery = FaasQuery<"get", "/api/account/{accountId}/events/{eventId}/isImplemented">;
    expectTypeOf<{ skillId: string }>().toMatchTypeOf<NonNullable<CheckQuery>>();
    // @ts-expect-error isImplemented has no POST operation
    buildUrl("post", "https://gw.example", "/api/account/{accountId}/events/{eventId}/isImplemented", {}, {});
  });
});
