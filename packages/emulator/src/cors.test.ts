// CORS is opt-in (issue 16): without `cors` a preflight is refused (405) as before; with it, a page
// of an allowed origin gets its preflight answered and every answer carries the origin.
import http from "node:http";
import { describe, expect, it } from "vitest";
import { DEMO } from "./config.js";
import { createCorsPolicy } from "./cors.js";
import { useEmulator } from "./test-support/harness.js";

const PAGE = "http://localhost:5173";

/** A raw request (fetch would refuse to send Origin and the preflight headers itself). */
function raw(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, url), { method, headers }, (response) => {
      response.resume();
      response.once("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
    });
    request.once("error", reject);
    request.end();
  });
}

const invokePath = `/api/account/${DEMO.accountId}/lambdas/${DEMO.lambdaUuid}/invoke?v=1`;
const preflight = (origin: string, requestHeaders = "authorization, content-type") => ({
  origin,
  "access-control-request-method": "POST",
  "access-control-request-headers": requestHeaders,
});

describe("without cors", () => {
  const env = useEmulator();

  it("refuses a preflight with 405 and adds no CORS header", async () => {
    const answer = await raw(env().emulator.url, "OPTIONS", invokePath, preflight(PAGE));
    expect(answer.status).toBe(405);
    expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
    const jwks = await raw(env().emulator.url, "GET", "/sentinel/well-known/jwks", { origin: PAGE });
    expect(jwks.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("with cors", () => {
  const env = useEmulator({ cors: PAGE, admin: true });

  it("answers preflights for the API's paths only: never for the admin endpoint or an unknown path", async () => {
    const { emulator } = env();
    const adminPreflight = await raw(
      emulator.url,
      "OPTIONS",
      "/__lpkit/faults",
      preflight(PAGE, "content-type"),
    );
    expect(adminPreflight.status).toBe(404);
    expect(adminPreflight.headers["access-control-allow-origin"]).toBeUndefined();
    const unknown = await raw(emulator.url, "OPTIONS", "/nowhere", preflight(PAGE));
    expect(unknown.status).toBe(404);
    expect(unknown.headers["access-control-allow-methods"]).toBeUndefined();
  });

  it("answers the preflight of an allowed origin", async () => {
    const answer = await raw(
      env().emulator.url,
      "OPTIONS",
      invokePath,
      preflight(PAGE, "Content-Type, LP-EventSource"),
    );
    expect(answer.status).toBe(204);
    expect(answer.headers).toMatchObject({
      "access-control-allow-origin": PAGE,
      "access-control-allow-methods": "GET, HEAD, POST",
      "access-control-allow-headers": "authorization, content-type, lp-eventsource, x-request-id",
      "access-control-max-age": "600",
      vary: "Origin",
    });
  });

  it("labels answers for that origin, including errors", async () => {
    const { emulator } = env();
    const denied = await raw(emulator.url, "POST", invokePath, { origin: PAGE });
    expect(denied.status).toBe(401);
    expect(denied.headers["access-control-allow-origin"]).toBe(PAGE);
    expect(denied.headers["access-control-expose-headers"]).toBe("retry-after, x-request-id");
  });

  it("does not answer other origins, other methods or other headers", async () => {
    const { emulator } = env();
    const other = await raw(emulator.url, "OPTIONS", invokePath, preflight("http://evil.example"));
    expect(other.status).toBe(405);
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    const method = await raw(emulator.url, "OPTIONS", invokePath, {
      origin: PAGE,
      "access-control-request-method": "DELETE",
    });
    expect(method.status).toBe(403);
    const header = await raw(emulator.url, "OPTIONS", invokePath, preflight(PAGE, "x-custom"));
    expect(header.status).toBe(403);
    const get = await raw(emulator.url, "GET", "/sentinel/well-known/jwks", {
      origin: "http://evil.example",
    });
    expect(get.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("createCorsPolicy", () => {
  it("allows any origin with *, never the opaque origin null", () => {
    const any = createCorsPolicy("*");
    expect(any.allows("http://127.0.0.1:8080")).toBe(true);
    expect(any.allows("null")).toBe(false);
    expect(any.allows(undefined)).toBe(false);
  });

  it.each(["localhost:5173", "http://localhost:5173/app", "file:///x", "", "ftp://x"])(
    "refuses %j",
    (origin) => {
      expect(() => createCorsPolicy(origin)).toThrow(TypeError);
    },
  );

  it("accepts an origin with a trailing slash and several origins", () => {
    const policy = createCorsPolicy(["http://localhost:5173/", "https://app.example"]);
    expect(policy.allows("http://localhost:5173")).toBe(true);
    expect(policy.allows("https://app.example")).toBe(true);
    expect(() => createCorsPolicy([])).toThrow(/at least one/);
  });
});
