import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lambdaFromSpec, loadConfigFile, parseConfig } from "./config-file.js";
import type { LambdaContext } from "./lambda-types.js";

const uuid = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

function context(signal = new AbortController().signal): LambdaContext {
  return {
    accountId: "1",
    lambdaUuid: uuid,
    eventId: undefined,
    headers: [{ key: "k", value: "v" }],
    httpHeaders: {},
    timestamp: 0,
    convention: "v1",
    source: undefined,
    userId: undefined,
    skillId: undefined,
    requestId: undefined,
    signal,
    log: () => undefined,
  };
}

describe("parseConfig", () => {
  it("reads YAML with accounts, apps and canned lambdas", async () => {
    const config = parseConfig(`
tokenTtlSec: 60
accounts:
  - id: 12345678
    functions: v2
apps:
  - accountId: 12345678
    clientId: my-app
    clientSecret: my-secret
lambdas:
  - uuid: ${uuid}
    eventId: my_event
    result: { ok: true }
`);
    expect(config.tokenTtlSec).toBe(60);
    expect(config.accounts).toEqual([{ id: "12345678", functions: "v2" }]);
    expect(config.apps).toEqual([{ accountId: "12345678", clientId: "my-app", clientSecret: "my-secret" }]);
    expect(config.lambdas?.[0]).toMatchObject({ uuid, eventId: "my_event" });
    expect(await config.lambdas?.[0]?.handler({}, context())).toEqual({ ok: true });
  });

  it("reads JSON too", () => {
    expect(parseConfig(JSON.stringify({ accounts: [{ id: "1" }] })).accounts).toEqual([{ id: "1" }]);
  });

  it.each([
    ["not an object", "- 1"],
    ["an unknown field", "accountz: []"],
    ["a list that is not one", "accounts: {}"],
    ["broken YAML", "accounts: [\n"],
    ["two behaviours", `lambdas:\n  - uuid: ${uuid}\n    echo: true\n    error: x`],
    ["an unknown lambda field", `lambdas:\n  - uuid: ${uuid}\n    reslt: 1`],
  ])("refuses %s", (_name, text) => {
    expect(() => parseConfig(text, "test.yaml")).toThrow(TypeError);
  });

  it("loads a file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lpkit-emulator-"));
    try {
      const file = join(dir, "e.json");
      await writeFile(file, JSON.stringify({ demo: true }));
      expect(await loadConfigFile(file)).toMatchObject({ demo: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("lambdaFromSpec", () => {
  it("echoes by default", async () => {
    const { handler } = lambdaFromSpec({ uuid });
    expect(await handler({ a: 1 }, context())).toEqual({
      echo: { a: 1 },
      headers: [{ key: "k", value: "v" }],
    });
  });

  it("throws the configured error", async () => {
    const { handler } = lambdaFromSpec({ uuid, error: "nope" });
    await expect(async () => handler(null, context())).rejects.toThrow("nope");
  });

  it("waits delayMs, and stops waiting when aborted", async () => {
    const { handler } = lambdaFromSpec({ uuid, delayMs: 30, result: 1 });
    const started = performance.now();
    expect(await handler(null, context())).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    const controller = new AbortController();
    const slow = lambdaFromSpec({ uuid, delayMs: 10_000, result: 1 }).handler(
      null,
      context(controller.signal),
    );
    controller.abort();
    await expect(slow).rejects.toThrow();
  });
});
