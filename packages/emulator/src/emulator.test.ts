import { describe, expect, expectTypeOf, it } from "vitest";
import { DEMO } from "./config.js";
import { createEmulator, type Emulator } from "./emulator.js";
import type { FaultHandle } from "./faults.js";
import type { LambdaContext } from "./lambda-types.js";
import type { EmulatorStats } from "./stats.js";
import { httpsGet } from "./test-support/https-get.js";

const listPath = `/api/account/${DEMO.accountId}/service/baseURI.json?version=1.0`;

describe("createEmulator lifecycle", () => {
  it("starts with the demo set, and stops", async () => {
    // How fast it starts is a benchmark figure (`pnpm bench`, "emulator start"), not a test.
    const emulator = createEmulator();
    await emulator.start();
    const url = emulator.url;
    try {
      expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.domainApiUrl).toBe(emulator.url);
      expect(emulator.ca).toBeUndefined();
      expect(emulator.accounts().map((account) => account.id)).toEqual([DEMO.accountId, DEMO.v2AccountId]);
      expect(emulator.apps().map((app) => app.clientId)).toEqual([
        DEMO.clientId,
        DEMO.v2ClientId,
        DEMO.connectorClientId,
      ]);
      expect(emulator.lambdas().map((lambda) => lambda.uuid)).toEqual([
        DEMO.lambdaUuid,
        DEMO.failingLambdaUuid,
      ]);
      expect((await fetch(`${emulator.url}${listPath}`)).status).toBe(200);
    } finally {
      await emulator.stop();
    }
    await expect(fetch(`${url}${listPath}`)).rejects.toThrow();
    expect(() => emulator.url).toThrow(/not running/);
  });

  it("refuses to be used before start and to start twice", async () => {
    const emulator = createEmulator();
    expect(() => emulator.url).toThrow(/start/);
    expect(() => emulator.hosts).toThrow(/start/);
    await expect(emulator.mintToken({ accountId: DEMO.accountId })).rejects.toThrow(/start/);
    await emulator.start();
    await expect(emulator.start()).rejects.toThrow(/already running/);
    await emulator.stop();
  });

  it("can be restarted, keeping its keys", async () => {
    const emulator = createEmulator();
    await emulator.start();
    const kid = emulator.jwks().keys[0]?.kid;
    await emulator.stop();
    await emulator.start();
    expect(emulator.jwks().keys[0]?.kid).toBe(kid);
    expect((await fetch(`${emulator.url}${listPath}`)).status).toBe(200);
    await emulator.stop();
  });

  it("leaves the demo set out when given its own accounts, unless asked", async () => {
    const own = createEmulator({ accounts: [{ id: "1" }] });
    expect(own.accounts().map((account) => account.id)).toEqual(["1"]);
    expect(own.apps()).toEqual([]);
    const both = createEmulator({ accounts: [{ id: "1" }], demo: true });
    expect(both.accounts()).toHaveLength(3);
  });

  it("checks its options", () => {
    expect(() => createEmulator({ tokenTtlSec: 0 })).toThrow(TypeError);
    expect(() => createEmulator({ port: -1 })).toThrow(TypeError);
    expect(() => createEmulator({ v2FaasHost: "faas.localhost" })).toThrow(/fninvocations or functions/);
    expect(() => createEmulator({ port: 70_000 })).toThrow(TypeError);
    expect(() => createEmulator({ cors: "not an origin" })).toThrow(/origin/);
    expect(() => createEmulator({ tokensPerMinute: 0 })).toThrow(/tokensPerMinute/);
    expect(() => createEmulator({ accounts: [{ id: "no spaces" }] })).toThrow(TypeError);
    expect(() => createEmulator({ accounts: [{ id: "1", services: { x: "https://x" } }] })).toThrow(
      /bare host/,
    );
    expect(() => createEmulator({ apps: [{ accountId: "1", clientId: "", clientSecret: "s" }] })).toThrow(
      TypeError,
    );
    expect(() => createEmulator({ lambdas: [{ uuid: "not-a-uuid", handler: () => null }] })).toThrow(/uuid/);
    const emulator = createEmulator();
    expect(() => emulator.registerLambda(DEMO.lambdaUuid, "nope" as never)).toThrow(TypeError);
    expect(() => emulator.registerLambda(DEMO.lambdaUuid, () => 1, { timeoutMs: 0 })).toThrow(TypeError);
    expect(() => emulator.registerLambda(DEMO.lambdaUuid, () => 1, { eventId: "bad event" })).toThrow(
      TypeError,
    );
  });

  it("reports a port already in use", async () => {
    const first = createEmulator();
    await first.start();
    const second = createEmulator({ port: Number(new URL(first.url).port) });
    await expect(second.start()).rejects.toThrow(/EADDRINUSE/);
    await first.stop();
  });

  it("ends hanging requests and aborts running lambdas on stop", async () => {
    let lambdaSignal: AbortSignal | undefined;
    const emulator = createEmulator({
      demo: true,
      lambdas: [
        {
          uuid: "12121212-1212-4212-8212-121212121212",
          handler: async (_payload, context) => {
            lambdaSignal = context.signal;
            // Runs until stopped: with a timer (it was 5 s), a machine slow enough to reach stop()
            // later would see the lambda answer 200 instead of its connection being closed.
            await new Promise(() => {});
          },
        },
      ],
    });
    await emulator.start();
    emulator.fault({ route: "domain.list", kind: "hang" });
    const settle = (promise: Promise<Response>) =>
      promise.then(
        (response) => `answered ${response.status}`,
        () => "connection closed",
      );
    const hanging = settle(fetch(`${emulator.url}${listPath}`));
    const token = await emulator.mintToken({ accountId: DEMO.accountId });
    const running = settle(
      fetch(
        `${emulator.url}/api/account/${DEMO.accountId}/lambdas/12121212-1212-4212-8212-121212121212/invoke?v=1`,
        {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ payload: {} }),
        },
      ),
    );
    // Both requests are in: the hanging one counted, the lambda running (no fixed sleep: a busy
    // machine may take longer to get there).
    while (lambdaSignal === undefined || (emulator.stats().requests.byRoute["domain.list"]?.total ?? 0) < 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // stop() resolves only once every connection is closed, the hanging one included.
    await emulator.stop();
    expect(await hanging).toBe("connection closed");
    expect(await running).toBe("connection closed");
    expect(lambdaSignal?.aborted).toBe(true);
  });
});

describe("hosts and emulator.fetch", () => {
  it("hands out the emulator's host:port, and fninvocations.localhost for V2", async () => {
    const emulator = createEmulator();
    await emulator.start();
    const port = new URL(emulator.url).port;
    expect(emulator.hosts).toEqual({
      sentinel: `127.0.0.1:${port}`,
      faasGW: `127.0.0.1:${port}`,
      faasGWV2: `fninvocations.localhost:${port}`,
      idp: `127.0.0.1:${port}`,
      asyncMessagingEnt: `127.0.0.1:${port}`,
    });
    await emulator.stop();
  });

  it("reaches the emulator for the bare hosts it hands out, whatever the scheme, and nothing else", async () => {
    const emulator = createEmulator();
    await emulator.start();
    try {
      const viaHttps = await emulator.fetch(`https://${emulator.hosts.sentinel}/sentinel/well-known/jwks`);
      expect(viaHttps.status).toBe(200);
      const v2 = await emulator.fetch(
        new Request(
          `https://${emulator.hosts.faasGWV2}/api/account/${DEMO.v2AccountId}/lambdas/${DEMO.lambdaUuid}/invoke`,
          {
            method: "POST",
            headers: {
              authorization: `Bearer ${await emulator.mintToken({ accountId: DEMO.v2AccountId })}`,
              "content-type": "application/json",
            },
            body: JSON.stringify({ payload: "hi" }),
          },
        ),
      );
      expect(v2.status).toBe(202);
      expect(await v2.json()).toEqual({ echo: "hi", headers: [] });
      await expect(
        emulator.fetch("https://va.sentinel.liveperson.net/sentinel/well-known/jwks"),
      ).rejects.toThrow(/only reaches the emulator/);
      await expect(emulator.fetch("http://127.0.0.1:1/")).rejects.toThrow(TypeError);
    } finally {
      await emulator.stop();
    }
    await expect(emulator.fetch("http://127.0.0.1:1/")).rejects.toThrow(/not running/);
  });

  it("serves the same emulator on another port", async () => {
    const emulator = createEmulator();
    await emulator.start();
    const extra = await emulator.listen({ port: 0 });
    expect(extra).not.toBe(emulator.url);
    expect((await fetch(`${extra}${listPath}`)).status).toBe(200);
    await expect(emulator.listen({ port: 0, tls: true })).rejects.toThrow(/tls/);
    await emulator.stop();
    await expect(fetch(`${extra}${listPath}`)).rejects.toThrow();
  });
});

describe("TLS", () => {
  it("serves HTTPS with a certificate for 127.0.0.1, localhost and fninvocations.localhost, signed by its CA", async () => {
    const emulator = createEmulator({ tls: true });
    await emulator.start();
    try {
      expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
      const port = new URL(emulator.url).port;
      for (const servername of ["127.0.0.1", "localhost", "fninvocations.localhost"]) {
        const { status, body } = await httpsGet(`https://${servername}:${port}${listPath}`, {
          ca: emulator.ca,
        });
        expect(status, servername).toBe(200);
        expect(JSON.parse(body)).toHaveProperty("baseURIs");
      }
      await expect(httpsGet(`${emulator.url}${listPath}`, {})).rejects.toThrow(
        /self[- ]signed|unable to verify/i,
      );
      const viaFetch = await emulator.fetch(`https://${emulator.hosts.sentinel}/sentinel/well-known/jwks`);
      expect(viaFetch.status).toBe(200);
    } finally {
      await emulator.stop();
    }
  });
});

describe("types", () => {
  it("types the public surface", () => {
    const emulator = createEmulator();
    expectTypeOf(emulator).toEqualTypeOf<Emulator>();
    expectTypeOf(emulator.stats).returns.toEqualTypeOf<EmulatorStats>();
    expectTypeOf(emulator.stats().executions.byLambda).toEqualTypeOf<Record<string, number>>();
    expectTypeOf(emulator.fault).returns.toEqualTypeOf<FaultHandle>();
    expectTypeOf(emulator.rotateKeys).returns.resolves.toBeString();
    expectTypeOf(emulator.fetch).returns.resolves.toEqualTypeOf<Response>();
    emulator.registerLambda<{ name: string }>(DEMO.lambdaUuid, (payload, context) => {
      expectTypeOf(payload).toEqualTypeOf<{ name: string }>();
      expectTypeOf(context).toEqualTypeOf<LambdaContext>();
      return payload.name;
    });
    // @ts-expect-error route names are checked
    expect(() => emulator.fault({ route: "domain.lists", status: 500 })).toThrow(TypeError);
  });
});
