/**
 * The subcommands — `domains`, `token`, `verify`, `invoke` — offline against the embedded emulator
 * and live against an emulator this test starts (through `LP_DOMAIN_API`), plus `--help`.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEmulator, DEMO, type Emulator } from "@lpkit/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { USAGE } from "./cli-args.js";
import { JWT_PATTERN, run } from "./test-support/run.js";

const SECRET = "sub-Command-Secret-5e6f7a8b";
const CLIENT_ID = "lpkit-demo-subcommands";

let emulator: Emulator;
let dir: string;

beforeAll(async () => {
  emulator = createEmulator({ tokenTtlSec: 3600 });
  await emulator.start();
  emulator.registerApp({ accountId: DEMO.accountId, clientId: CLIENT_ID, clientSecret: SECRET });
  dir = await mkdtemp(join(tmpdir(), "lpkit-demo-"));
});

afterAll(async () => {
  await emulator?.stop();
  await rm(dir, { recursive: true, force: true });
});

const live = (extra: Record<string, string> = {}) => ({
  LP_DOMAIN_API: emulator.url,
  LP_ACCOUNT_ID: DEMO.accountId,
  LP_CLIENT_ID: CLIENT_ID,
  LP_CLIENT_SECRET: SECRET,
  ...extra,
});

describe("--help", () => {
  it("prints each command's help and exits 0", async () => {
    for (const command of ["domains", "token", "verify", "invoke"] as const) {
      const { code, stdout } = await run([command, "--help"]);
      expect(code).toBe(0);
      expect(stdout).toBe(`${USAGE[command]}\n`);
    }
    const top = await run(["-h"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain("Commands:");
  });

  it("exits 2 with the usage for a malformed command line", async () => {
    const { code, stdout, stderr } = await run(["invoke"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("lpkit-demo: invoke needs the UUID of the function to invoke");
    expect(stderr).toContain(USAGE.invoke);
  });
});

describe("domains", () => {
  it("lists the emulator's demo account offline", async () => {
    const { code, stdout } = await run(["domains"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(
        `^4 services of account ${DEMO.v2AccountId} \\(Domain API http://127\\.0\\.0\\.1:\\d+\\)\\n`,
      ),
    );
    // The Connector API's idp and asyncMessagingEnt are listed too (the longest name sets the column).
    expect(stdout).toMatch(/ {2}faasGW {13}fninvocations\.localhost:\d+\n/);
    expect(stdout).toMatch(/ {2}sentinel {11}127\.0\.0\.1:\d+\n/);
    expect(stdout).toMatch(/ {2}asyncMessagingEnt {2}127\.0\.0\.1:\d+\n/);
  });

  it("lists an account live, as JSON", async () => {
    const { code, stdout } = await run(["domains", DEMO.accountId, "--json"], {
      LP_DOMAIN_API: emulator.url,
    });
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as {
      ok: boolean;
      mode: string;
      accountId: string;
      services: { service: string }[];
    };
    expect(doc).toMatchObject({ ok: true, mode: "live", accountId: DEMO.accountId });
    expect(doc.services.map((entry) => entry.service).sort()).toEqual([
      "asyncMessagingEnt",
      "faasGW",
      "idp",
      "sentinel",
    ]);
  });

  it("fails with exit 1 for an unknown account, and 2 for a malformed one", async () => {
    const unknown = await run(["domains", "99999999"], { LP_DOMAIN_API: emulator.url });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^lpkit-demo domains: DomainApiError ERR_DOMAIN_API/);
    const malformed = await run(["domains", "12 34"]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("account: expected a LivePerson account id");
  });

  it("live without an account names LP_ACCOUNT_ID", async () => {
    const { code, stderr } = await run(["domains", "--live"]);
    expect(code).toBe(2);
    expect(stderr).toContain("  LP_ACCOUNT_ID: not set");
  });
});

describe("token", () => {
  it("prints the token itself (for piping), and nothing else on stdout", async () => {
    const { code, stdout, stderr } = await run(["token"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(stderr).toBe("");
  });

  it("--decode prints the header, claims and expiry, not the token", async () => {
    const started = Date.now();
    const { code, stdout } = await run(["token", "--decode"]);
    const tookSec = (Date.now() - started) / 1000;
    expect(code).toBe(0);
    expect(stdout).toContain(`Bearer token for account ${DEMO.v2AccountId} (Sentinel v2, emulator)`);
    // A 60 s token, shown with the seconds it has left when printed: at most 60, and at least 60 less
    // the time the command took and `iat`'s rounding (not "59 or 60": a busy machine can take seconds).
    const left = Number(/ {2}expires {2}\S+ \(in (\d+) s\)/.exec(stdout)?.[1]);
    expect(left).toBeLessThanOrEqual(60);
    expect(left).toBeGreaterThanOrEqual(Math.floor(59 - tookSec));
    expect(stdout).toContain('"alg":"RS256"');
    expect(stdout).toContain(`"aud":"${DEMO.v2AccountId}"`);
    expect(stdout).not.toMatch(JWT_PATTERN);
  });

  it("live, with --json, never printing the secret", async () => {
    const { code, stdout, all } = await run(["token", "--json", "--debug"], live());
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as { ok: boolean; mode: string; accessToken: string; expiresAt: number };
    expect(doc).toMatchObject({ ok: true, mode: "live", tokenType: "Bearer" });
    expect(doc.accessToken).toMatch(JWT_PATTERN);
    expect(all).not.toContain(SECRET);
  });

  it("live with a wrong secret: exit 1, the OAuth error and a hint, no secret", async () => {
    const { code, stderr, all } = await run(["token"], live({ LP_CLIENT_SECRET: "not-The-Right-One-42" }));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^lpkit-demo token: TokenRequestError ERR_TOKEN_REQUEST \(HTTP 401\): .*invalid_client/,
    );
    expect(stderr).toContain("hint: Sentinel refused the credentials");
    expect(all).not.toContain("not-The-Right-One-42");
  });
});

describe("verify", () => {
  it("offline without a token: requests one from the emulator and verifies it", async () => {
    const { code, stdout } = await run(["verify"]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      `valid: a token just requested from the embedded emulator verifies for account ${DEMO.v2AccountId} (Sentinel v2)`,
    );
    expect(stdout).toMatch(/signature {2}RS256 · kid \S+ · JWKS of http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toContain("issuer     Sentinel");
  });

  it("offline with --version v1: the emulator's v1 key", async () => {
    const { code, stdout } = await run(["verify", "--version", "v1"]);
    expect(code).toBe(0);
    expect(stdout).toContain("the emulator's v1 key");
  });

  it("live: a token the emulator issued verifies against its JWKS; read from LP_TOKEN, piped stdin or -", async () => {
    const jwt = await emulator.mintToken({ accountId: DEMO.accountId });
    const env = { LP_DOMAIN_API: emulator.url, LP_ACCOUNT_ID: DEMO.accountId };
    const fromEnv = await run(["verify"], { ...env, LP_TOKEN: jwt });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout).toMatch(/^valid: the given token verifies for account 12345678 \(Sentinel v2\)/);
    const piped = await run(["verify"], env, { stdin: `${jwt}\n` });
    expect(piped.code).toBe(0);
    const fromStdin = await run(["verify", "-", "--json"], env, { stdin: `${jwt}\n` });
    expect(fromStdin.code).toBe(0);
    expect(JSON.parse(fromStdin.stdout)).toMatchObject({
      ok: true,
      valid: true,
      claims: { aud: DEMO.accountId },
    });
    // The token itself is never echoed back.
    for (const output of [fromEnv, piped, fromStdin]) {
      expect(output.all).not.toContain(jwt);
    }
  });

  // Attack: `lpkit-demo verify <jwt>` took the token on the command line, where ps and the shell
  // history see it.
  it("13.13 a token on the command line is refused unless --allow-token-argument, and then warned about", async () => {
    const jwt = await emulator.mintToken({ accountId: DEMO.accountId });
    const env = { LP_DOMAIN_API: emulator.url, LP_ACCOUNT_ID: DEMO.accountId };
    const refused = await run(["verify", jwt], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/does not take the token as an argument, where ps and the shell history/);
    expect(refused.stderr).toContain("LP_TOKEN");
    const twice = await run(["verify", jwt, jwt], env);
    expect(twice.code).toBe(2);
    const allowed = await run(["verify", jwt, "--allow-token-argument"], env);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toMatch(/warning: a token given as an argument is visible to other users \(ps\)/);
    for (const output of [refused, twice, allowed]) {
      expect(output.all).not.toContain(jwt);
      expect(output.all).not.toContain(jwt.split(".")[2]);
    }
    const help = await run(["verify", "--help"]);
    expect(help.stdout).toContain("never the command line by default");
    expect(help.stdout).toContain("LP_TOKEN");
    expect(help.stdout).toContain("--allow-token-argument");
  });

  it("live: a token for another account, an expired one and garbage are refused with exit 1", async () => {
    const env = { LP_DOMAIN_API: emulator.url, LP_ACCOUNT_ID: DEMO.accountId };
    const other = await run(["verify"], {
      ...env,
      LP_TOKEN: await emulator.mintToken({ accountId: DEMO.v2AccountId }),
    });
    expect(other.code).toBe(1);
    expect(other.stdout).toContain("invalid: the given token does not verify for account 12345678");
    expect(other.stderr).toMatch(
      /JwtClaimError ERR_JWT_CLAIM_INVALID: the token's "aud" is not the account 12345678/,
    );

    const expired = await run(["verify"], {
      ...env,
      LP_TOKEN: await emulator.mintToken({ accountId: DEMO.accountId, ttlSec: -3600 }),
    });
    expect(expired.code).toBe(1);
    expect(expired.stderr).toContain("JwtExpiredError ERR_JWT_EXPIRED");

    const garbage = await run(["verify", "--json"], env, { stdin: "not-a-jwt" });
    expect(garbage.code).toBe(1);
    expect(JSON.parse(garbage.stdout)).toMatchObject({ ok: false, error: { code: "ERR_JWT_MALFORMED" } });
  });

  it("live needs a token, and LP_ACCOUNT_ID unless --account is given", async () => {
    const noToken = await run(["verify"], { LP_DOMAIN_API: emulator.url, LP_ACCOUNT_ID: DEMO.accountId });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain("verify needs a token");
    const noAccount = await run(["verify"], { LP_DOMAIN_API: emulator.url, LP_TOKEN: "x.y.z" });
    expect(noAccount.code).toBe(2);
    expect(noAccount.stderr).toContain("  LP_ACCOUNT_ID: not set");
  });
});

describe("invoke", () => {
  it("offline: invokes the echo function with --payload JSON", async () => {
    const { code, stdout, stderr } = await run(["invoke", DEMO.lambdaUuid, "--payload", '{"hello":"world"}']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ echo: { hello: "world" } });
    expect(stderr).toMatch(/^\(HTTP 202 · request id \S+ · [\d.]+ m?s · emulator\)\n$/);
  });

  it("reads --payload @file and prints JSON with --json", async () => {
    const file = join(dir, "payload.json");
    await writeFile(file, '{"fromFile":true}');
    const { code, stdout } = await run(["invoke", DEMO.lambdaUuid, "--payload", `@${file}`, "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, status: 202, data: { echo: { fromFile: true } } });
  });

  it("live: the failing function gives a FunctionError (901) with its logs, exit 1", async () => {
    const { code, stderr, all } = await run(["invoke", DEMO.failingLambdaUuid], live());
    expect(code).toBe(1);
    expect(stderr).toContain("function logs:\n  [Error] the demo failing lambda was called\n");
    expect(stderr).toMatch(
      /lpkit-demo invoke: FunctionError ERR_FAAS_FUNCTION \(HTTP 901\): .*com\.liveperson\.faas\.handler\.custom-failure/,
    );
    expect(stderr).toContain("hint: the function itself failed");
    expect(all).not.toContain(SECRET);
  });

  it("--json: a gateway error is in the document", async () => {
    const { code, stdout } = await run(["invoke", "00000000-0000-4000-8000-000000000000", "--json"], live());
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({
      ok: false,
      exitCode: 1,
      error: { name: "GatewayError", status: 404, errorCode: "com.liveperson.faas.es.missinglambda" },
    });
  });

  it("refuses a malformed UUID or payload before any request (exit 2)", async () => {
    emulator.resetStats();
    const badUuid = await run(["invoke", "nope"], live());
    expect(badUuid.code).toBe(2);
    expect(badUuid.stderr).toContain("uuid: expected a UUID");
    const badPayload = await run(["invoke", DEMO.lambdaUuid, "--payload", "{"], live());
    expect(badPayload.code).toBe(2);
    expect(badPayload.stderr).toContain("--payload: expected JSON or @file");
    const missingFile = await run(
      ["invoke", DEMO.lambdaUuid, "--payload", `@${join(dir, "missing.json")}`],
      live(),
    );
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toContain("(ENOENT)");
    expect(emulator.stats().requests.total).toBe(0);
  });
});
