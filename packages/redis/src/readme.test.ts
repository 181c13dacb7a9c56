// Runs the README's example, extracted from README.md itself (so the two cannot drift), against a
// real redis-server and the emulator — twice, as two processes of a fleet would: the second run
// must read the first one's token from Redis instead of asking Sentinel again.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createEmulator, DEMO } from "@lpkit/emulator";
import { type RedisServer, startRedisServer } from "@lpkit/redis-test-server";
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
  return match[1]!;
}

let server: RedisServer;
const emulator = createEmulator();
beforeAll(async () => {
  [server] = await Promise.all([startRedisServer(), emulator.start()]);
  Object.assign(process.env, {
    REDIS_URL: server.url,
    LP_ACCOUNT_ID: DEMO.accountId,
    LP_CLIENT_ID: DEMO.clientId,
    LP_CLIENT_SECRET: DEMO.clientSecret,
    LP_SENTINEL_HOST: emulator.url,
  });
  mkdirSync(runDir, { recursive: true });
});
afterAll(async () => {
  rmSync(runDir, { recursive: true, force: true });
  await Promise.all([server.stop(), emulator.stop()]);
});

it("the README example shares one token between two runs through Redis", async () => {
  const source = readmeExample().replace(
    'from "@lpkit/redis"',
    `from ${JSON.stringify(join(root, "src/index.ts"))}`,
  );
  const lines: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((line: string) => {
    lines.push(line);
  });
  try {
    for (const run of ["first", "second"]) {
      const file = join(runDir, `${run}.ts`);
      writeFileSync(file, source);
      await import(file);
    }
  } finally {
    log.mockRestore();
  }
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^token valid until \d{4}-\d\d-\d\dT/);
  // The same token; the second run reads it from Redis, where its expiry is clamped to now + PTTL
  // (the entry leaves Redis `expiryMarginMs`, 5 s, before the token expires).
  const [first, second] = lines.map((l) => Date.parse(l.slice("token valid until ".length)));
  expect(second).toBeLessThanOrEqual(first!);
  expect(second).toBeGreaterThan(first! - 60_000);
  expect(emulator.stats().tokens.issued).toBe(1); // one Sentinel request for both
  expect(await server.admin("DBSIZE")).toBe(":1");
  expect(await server.admin("RANDOMKEY")).toContain(`lpkit:token:1:${DEMO.accountId}:${DEMO.clientId}:v2:`);
});
