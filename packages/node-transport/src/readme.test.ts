// Runs the README's example, extracted from README.md itself (so the two cannot drift), against the
// emulator over TLS: Domain API lookup, token and invoke, all through nodeTransport.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createEmulator, DEMO } from "@lpkit/emulator";
import { afterAll, beforeAll, expect, it, vi } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const runDir = join(root, ".readme-example");

/** The fenced block after the `<!-- tested: src/readme.test.ts … -->` marker. */
function readmeExample(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const marker = readme.indexOf("<!-- tested: src/readme.test.ts");
  const match = /```ts\n([\s\S]*?)```/.exec(readme.slice(marker));
  if (marker < 0 || !match) {
    throw new Error("README.md has no tested example block");
  }
  return match[1] as string;
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

it("the README example invokes a function through nodeTransport, with one token for every call", async () => {
  const source = readmeExample().replace(
    'from "@lpkit/node-transport"',
    `from ${JSON.stringify(join(root, "src/index.ts"))}`,
  );
  const lines: unknown[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((line: unknown) => {
    lines.push(line);
  });
  try {
    const file = join(runDir, "example.ts");
    writeFileSync(file, source);
    await import(file);
  } finally {
    log.mockRestore();
  }
  expect(lines).toEqual([{ echo: { hello: "world" }, headers: [] }, 3]);
  const stats = emulator.stats();
  expect(stats.tokens.issued).toBe(1);
  expect(stats.invocations.total).toBe(3);
});
