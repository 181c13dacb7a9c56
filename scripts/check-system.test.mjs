// The pre-test check: silent when everything is there, one line naming the package when not.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { check, locate, REQUIREMENTS } from "./check-system.mjs";

const dir = mkdtempSync(join(tmpdir(), "lpkit-check-system-"));
const fakes = {};
for (const program of ["chromium", "redis-server", "nginx"]) {
  fakes[program] = join(dir, program);
  writeFileSync(fakes[program], "#!/bin/sh\nexit 0\n");
  chmodSync(fakes[program], 0o755);
}
const fake = fakes.chromium;
const chromium = REQUIREMENTS.find((r) => r.program === "chromium");
const redis = REQUIREMENTS.find((r) => r.program === "redis-server");

test("lists Debian's chromium, redis-server and nginx, each with its override variable", () => {
  assert.deepEqual(
    REQUIREMENTS.map((r) => [r.program, r.debian, r.env]),
    [
      ["chromium", "chromium", "LPKIT_CHROMIUM"],
      ["redis-server", "redis-server", "LPKIT_REDIS_SERVER"],
      ["nginx", "nginx", "LPKIT_NGINX"],
    ],
  );
  assert.equal(locate(redis, { PATH: dir }), fakes["redis-server"]);
  assert.equal(
    locate(redis, { PATH: "/nonexistent", LPKIT_REDIS_SERVER: fakes["redis-server"] }),
    fakes["redis-server"],
  );
});

test("finds a program on PATH, and honours the override variable", () => {
  assert.equal(locate(chromium, { PATH: dir }), fake);
  assert.equal(locate(chromium, { PATH: "/nonexistent", LPKIT_CHROMIUM: fake }), fake);
  assert.equal(locate(chromium, { PATH: dir, LPKIT_CHROMIUM: join(dir, "nope") }), undefined);
});

test("is silent and succeeds when every program is present", () => {
  const lines = [];
  assert.equal(
    check({ PATH: dir, LPKIT_CHROMIUM: fake }, (l) => lines.push(l)),
    0,
  );
  assert.equal(
    check(
      {
        PATH: "/nonexistent",
        LPKIT_CHROMIUM: fake,
        LPKIT_REDIS_SERVER: fakes["redis-server"],
        LPKIT_NGINX: fakes.nginx,
      },
      (l) => lines.push(l),
    ),
    0,
  );
  assert.deepEqual(lines, []);
});

test("fails at once with one line per missing program naming the Debian package", () => {
  const lines = [];
  const env = { PATH: "/nonexistent", LPKIT_CHROMIUM: join(dir, "missing"), LPKIT_SYSTEM_NO_INSTALL: "1" };
  assert.equal(
    check(env, (l) => lines.push(l)),
    1,
  );
  assert.equal(lines.length, 3);
  assert.match(lines[0], /LPKIT_CHROMIUM=.*missing is not an executable/);
  assert.match(
    lines[1],
    /needs redis-server: run `apt-get install -y redis-server` as root, or set LPKIT_REDIS_SERVER/,
  );
  assert.match(lines[2], /needs nginx: run `apt-get install -y nginx` as root, or set LPKIT_NGINX/);
});

test("as a command: exit code 1 and a one-line hint per program when nothing can be installed", () => {
  const result = spawnSync(process.execPath, ["scripts/check-system.mjs"], {
    env: { PATH: "/nonexistent-bin", LPKIT_SYSTEM_NO_INSTALL: "1" },
    encoding: "utf8",
  });
  assert.equal(result.status, 1);
  assert.equal(result.stderr.trim().split("\n").length, 3); // one line per missing program
  assert.match(result.stderr, /apt-get install -y chromium/);
  assert.match(result.stderr, /apt-get install -y redis-server/);
  assert.match(result.stderr, /apt-get install -y nginx/);
});
