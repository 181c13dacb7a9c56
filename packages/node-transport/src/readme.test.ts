// Runs every fenced block of README.md, extracted from README.md itself (so the two cannot drift):
// the `ts` blocks against the emulator over TLS (Domain API lookup, token and invoke, all through
// nodeTransport), the install line against this package's name.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createEmulator, DEMO } from "@lpkit/emulator";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const runDir = join(root, ".readme-example");

/** Every fenced block of the README, in order, with its language. */
function readmeBlocks(): { lang: string; code: string }[] {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  return [...readme.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[1] as string,
    code: m[2] as string,
  }));
}

const blocks = readmeBlocks();
const tsBlocks = blocks.filter((b) => b.lang === "ts");

/** Runs a `ts` block as a module (this package's source in place of its name); resolves with what it logged. */
async function run(code: string, name: string): Promise<unknown[][]> {
  const source = code.replace(
    'from "@lpkit/node-transport"',
    `from ${JSON.stringify(join(root, "src/index.ts"))}`,
  );
  const lines: unknown[][] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    lines.push(args);
  });
  try {
    const file = join(runDir, `${name}.ts`);
    writeFileSync(file, source);
    await import(file);
  } finally {
    log.mockRestore();
  }
  return lines;
}

const emulator = createEmulator({ tls: true });
beforeAll(async () => {
  await emulator.start();
  Object.assign(process.env, {
    LP_ACCOUNT_ID: DEMO.accountId,
    LP_CLIENT_ID: DEMO.clientId,
    LP_CLIENT_SECRET: DEMO.clientSecret,
    LP_LAMBDA_UUID: DEMO.lambdaUuid,
    LP_DOMAIN_API: emulator.domainApiUrl,
    LP_EXTRA_CA: emulator.ca,
  });
  mkdirSync(runDir, { recursive: true });
});
afterAll(async () => {
  rmSync(runDir, { recursive: true, force: true });
  await emulator.stop();
});

describe("README.md", () => {
  it("has exactly the blocks this test runs: the install line and three ts examples", () => {
    expect(blocks.map((b) => b.lang)).toEqual(["sh", "ts", "ts", "ts"]);
  });

  it("installs the package by its own name, with the packages its examples import", () => {
    const name = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string }).name;
    expect(blocks[0]?.code.trim()).toMatch(new RegExp(`^npm install ${name} @lpkit/auth @lpkit/core\\b`));
  });

  it("example 1 invokes a function through nodeTransport, with one token for every call", async () => {
    const before = emulator.stats();
    const lines = await run(tsBlocks[0]?.code ?? "", "example-1");
    expect(lines).toEqual([[{ echo: { hello: "world" }, headers: [] }], [3]]);
    const after = emulator.stats();
    expect(after.tokens.issued - before.tokens.issued).toBe(1);
    expect(after.invocations.total - before.invocations.total).toBe(3);
  });

  it("example 2 tunes the pool and sees every request the clients send through it", async () => {
    const lines = await run(tsBlocks[1]?.code ?? "", "example-2");
    expect(lines).toEqual([[["GET …/baseURI.json", "POST …/token", "POST …/invoke", "POST …/invoke"]]]);
  });

  it("example 3 refuses a wrong option with a typed error before any connection", async () => {
    const lines = await run(tsBlocks[2]?.code ?? "", "example-3");
    expect(lines).toEqual([[true, "ERR_INVALID_ARGUMENT"]]);
  });
});
