import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { mergeHeaderRecords, operationRequest, operationUrl } from "./internal.js";

/** A tiny spec of the shapes lpkit's specs use: path and query parameters, a JSON body. */
interface paths {
  "/api/account/{accountId}/items/{itemId}": {
    get: {
      parameters: {
        path: { accountId: string; itemId: string };
        query?: { v?: "1"; userId?: string; skillId?: string };
      };
      responses: { 200: { content: { "application/json": unknown } } };
    };
    post: {
      parameters: { path: { accountId: string; itemId: string }; query?: { v?: "1" } };
      requestBody: { content: { "application/json": { a: number } } };
      responses: { 200: { content: { "application/json": unknown } } };
    };
  };
}

describe("requests from the generated paths", () => {
  it("builds the URL openapi-fetch builds, for awkward values too", async () => {
    const seen: Request[] = [];
    const client = createClient<paths>({
      baseUrl: "https://gw.test/base",
      fetch: async (request) => {
        seen.push(request);
        return new Response("{}", { headers: { "content-type": "application/json" } });
      },
    });
    const cases = [
      {
        path: { accountId: "123", itemId: "a/b c" },
        query: { v: "1" as const, userId: "crm user/1", skillId: "" },
      },
      { path: { accountId: "123", itemId: "ünï?&#" }, query: { userId: undefined, skillId: "42" } },
      { path: { accountId: "123", itemId: "x" } },
    ];
    for (const params of cases) {
      await client.GET("/api/account/{accountId}/items/{itemId}", { params });
      const url = operationUrl<paths, "get", "/api/account/{accountId}/items/{itemId}">(
        "https://gw.test/base",
        "/api/account/{accountId}/items/{itemId}",
        params,
      );
      expect(url).toBe(seen.at(-1)?.url);
    }
  });

  it("merges headers as openapi-fetch does: default Content-Type with a body, client-wide, then the call's", () => {
    const request = operationRequest<paths, "post", "/api/account/{accountId}/items/{itemId}">(
      "POST",
      "https://gw.test",
      "/api/account/{accountId}/items/{itemId}",
      { path: { accountId: "1", itemId: "2" } },
      {
        clientHeaders: { "x-tenant": "t1", accept: "text/plain" },
        headers: { Accept: "application/json" },
        body: "{}",
      },
    );
    expect(request).toEqual({
      method: "POST",
      url: "https://gw.test/api/account/1/items/2",
      headers: { "content-type": "application/json", "x-tenant": "t1", accept: "application/json" },
      body: "{}",
    });
    expect(mergeHeaderRecords({ "Content-Type": "a" }, { "content-type": "b" }, { gone: null })).toEqual({
      "content-type": "b",
    });
  });
});
