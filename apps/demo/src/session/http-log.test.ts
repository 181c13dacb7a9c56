import { describe, expect, it } from "vitest";
import { apiOf, createHttpLog, createTokenSerials } from "./http-log.js";

describe("apiOf", () => {
  it("tells the APIs apart by path", () => {
    expect(apiOf("/api/account/123/service/baseURI.json")).toBe("domain");
    expect(apiOf("/api/account/123/service/faasGW/baseURI.json")).toBe("domain");
    expect(apiOf("/sentinel/api/account/123/app/token")).toBe("sentinel-token");
    expect(apiOf("/sentinel/api/v2/account/123/app/token")).toBe("sentinel-token");
    expect(apiOf("/sentinel/well-known/jwks")).toBe("sentinel-jwks");
    expect(apiOf("/api/account/123/lambdas/abc/invoke")).toBe("faasgw");
    expect(apiOf("/api/account/123/events/e/isImplemented")).toBe("faasgw");
    expect(apiOf("/somewhere/else")).toBe("other");
  });
});

describe("createTokenSerials", () => {
  it("numbers tokens in the order first seen, with or without Bearer", () => {
    const serials = createTokenSerials();
    expect(serials.serialOf("Bearer a.b.c")).toBe(1);
    expect(serials.serialOf("a.b.c")).toBe(1);
    expect(serials.serialOf("bearer d.e.f")).toBe(2);
    expect(serials.count).toBe(2);
  });
});

describe("createHttpLog", () => {
  it("records API, method, URL without query, status, duration and the token serial", async () => {
    let t = 0;
    const seen: number[] = [];
    const log = createHttpLog(
      async (request) => {
        t += 5;
        return new Response(null, { status: request.url.includes("invoke") ? 202 : 200 });
      },
      { clock: () => t, onRecord: (record) => seen.push(record.seq) },
    );
    await log.fetch(new Request("https://h/api/account/1/service/baseURI.json?version=1.0"));
    await log.fetch(
      new Request("https://h/api/account/1/lambdas/x/invoke?v=1", {
        method: "POST",
        headers: { authorization: "Bearer tok.en.one" },
      }),
    );
    expect(log.records()).toEqual([
      {
        seq: 1,
        api: "domain",
        method: "GET",
        url: "https://h/api/account/1/service/baseURI.json",
        status: 200,
        durationMs: 5,
        tokenSerial: undefined,
      },
      {
        seq: 2,
        api: "faasgw",
        method: "POST",
        url: "https://h/api/account/1/lambdas/x/invoke",
        status: 202,
        durationMs: 5,
        tokenSerial: 1,
      },
    ]);
    expect(log.count()).toBe(2);
    expect(log.count("domain")).toBe(1);
    expect(seen).toEqual([1, 2]);
    // The record never keeps the token.
    expect(JSON.stringify(log.records())).not.toContain("tok.en.one");
  });

  it("records failures without an answer and rethrows them", async () => {
    const log = createHttpLog(async () => {
      throw new TypeError("fetch failed");
    });
    await expect(log.fetch(new Request("https://h/sentinel/well-known/jwks"))).rejects.toThrow(
      "fetch failed",
    );
    expect(log.records()[0]).toMatchObject({ api: "sentinel-jwks", status: undefined });
  });
});
