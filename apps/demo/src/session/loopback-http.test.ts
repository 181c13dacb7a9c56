import { describe, expect, it } from "vitest";
import { loopbackHttpFetch, loopbackTarget } from "./loopback-http.js";

describe("loopbackTarget", () => {
  it("sends loopback hosts over plain HTTP and *.localhost to 127.0.0.1", () => {
    expect(loopbackTarget("https://127.0.0.1:4000/a?b=1")).toBe("http://127.0.0.1:4000/a?b=1");
    expect(loopbackTarget("https://fninvocations.localhost:4000/x")).toBe("http://127.0.0.1:4000/x");
    expect(loopbackTarget("https://localhost/x")).toBe("http://localhost:443/x");
    expect(loopbackTarget("http://127.0.0.1:4000/x")).toBe("http://127.0.0.1:4000/x");
  });

  it("leaves every other host alone", () => {
    const url = "https://va.faasgw.liveperson.net/api/account/1/lambdas/x/invoke";
    expect(loopbackTarget(url)).toBe(url);
  });
});

describe("loopbackHttpFetch", () => {
  it("rewrites the URL and keeps method, headers and body", async () => {
    const seen: Request[] = [];
    const fetchLike = loopbackHttpFetch(async (request) => {
      seen.push(request);
      return new Response("ok");
    });
    await fetchLike(
      new Request("https://fninvocations.localhost:4000/api/x", {
        method: "POST",
        headers: { authorization: "Bearer t", "content-type": "application/json" },
        body: '{"a":1}',
      }),
    );
    const [request] = seen;
    expect(request?.url).toBe("http://127.0.0.1:4000/api/x");
    expect(request?.method).toBe("POST");
    expect(request?.headers.get("authorization")).toBe("Bearer t");
    expect(await request?.text()).toBe('{"a":1}');
  });

  it("passes other requests through untouched", async () => {
    const original = new Request("https://api.liveperson.net/api/account/1/service/baseURI.json");
    let seen: Request | undefined;
    await loopbackHttpFetch(async (request) => {
      seen = request;
      return new Response("ok");
    })(original);
    expect(seen).toBe(original);
  });
});
