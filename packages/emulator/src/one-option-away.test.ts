// Issue 16.2: the command-line emulator and the clients did not meet — bare hosts became https://
// (ERR_SSL_WRONG_VERSION_NUMBER against plain HTTP), --tls needed a CA the user had to find, and
// fninvocations.localhost did not resolve. Now `lpkit-emulator --print-env` prints the lines to
// paste, and an app that gets only those lines (a separate Node process, no wrapper, no hosts
// file, no option besides its credentials) runs discovery, Sentinel and faasGW for a Functions V1
// and a V2 account, over plain HTTP and with --tls.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { DEMO } from "./config.js";
import { runCli } from "./test-support/cli-process.js";

const run = promisify(execFile);

/** The app: nothing but createLivePersonFunctions with its credentials; LPKIT_DOMAIN_API does the rest. */
const APP = `
import { createLivePersonFunctions } from "@lpkit/auth";
const env = process.env;
const lp = createLivePersonFunctions({
  accountId: env.LP_ACCOUNT_ID,
  clientId: env.LP_CLIENT_ID,
  clientSecret: env.LP_CLIENT_SECRET,
});
const result = await lp.invoke(env.LP_LAMBDA_UUID, { order: 4711 });
console.log(JSON.stringify(result.data));
`;

function parseEnvLines(stdout: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of stdout.split("\n")) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) {
      env[match[1] as string] = (match[2] as string).replace(/^'(.*)'$/, "$1");
    }
  }
  return env;
}

async function runApp(env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  // Only PATH from this process: no NODE_EXTRA_CA_CERTS or proxy settings of the test runner leak in.
  return run(process.execPath, ["--input-type=module", "-e", APP], {
    cwd: new URL("..", import.meta.url),
    env: { PATH: process.env.PATH ?? "", ...env },
    timeout: 120_000, // a hang guard only
  });
}

describe("16.2 the emulator is one option away from any app", () => {
  it.each([
    ["plain HTTP", []],
    ["--tls", ["--tls"]],
  ])(
    "16.2 %s: --print-env lines alone run discovery, Sentinel and faasGW for V1 and V2 accounts",
    async (_, extra) => {
      const running = runCli(["--print-env", ...extra]);
      const stdout = await running.waitForStdout((out) => out.includes("LP_V1_PUBLIC_KEY="), "the env lines");
      const env = parseEnvLines(stdout);
      expect(Object.keys(env)).toEqual(
        extra.length > 0
          ? [
              "LPKIT_DOMAIN_API",
              "NODE_EXTRA_CA_CERTS",
              "DENO_CERT",
              "LP_ACCOUNT_ID",
              "LP_CLIENT_ID",
              "LP_CLIENT_SECRET",
              "LP_LAMBDA_UUID",
              "LP_V1_PUBLIC_KEY",
            ]
          : [
              "LPKIT_DOMAIN_API",
              "LP_ACCOUNT_ID",
              "LP_CLIENT_ID",
              "LP_CLIENT_SECRET",
              "LP_LAMBDA_UUID",
              "LP_V1_PUBLIC_KEY",
            ],
      );
      expect(env.LPKIT_DOMAIN_API).toMatch(
        extra.length > 0 ? /^https:\/\/127\.0\.0\.1:\d+$/ : /^http:\/\/127\.0\.0\.1:\d+$/,
      );
      expect(stdout).not.toContain("listening on"); // only the lines, for scripts
      if (env.NODE_EXTRA_CA_CERTS !== undefined) {
        expect(existsSync(env.NODE_EXTRA_CA_CERTS)).toBe(true);
      }

      // The printed account: Functions V1.
      expect(env.LP_ACCOUNT_ID).toBe(DEMO.accountId);
      const v1 = await runApp(env);
      expect(JSON.parse(v1.stdout).echo).toEqual({ order: 4711 });

      // The V2 account of the same emulator: its faasGW host is fninvocations.localhost, which lpkit
      // sends to 127.0.0.1 itself (this machine's resolver is never asked).
      const v2 = await runApp({
        ...env,
        LP_ACCOUNT_ID: DEMO.v2AccountId,
        LP_CLIENT_ID: DEMO.v2ClientId,
        LP_CLIENT_SECRET: DEMO.v2ClientSecret,
      });
      expect(JSON.parse(v2.stdout).echo).toEqual({ order: 4711 });

      running.child.kill("SIGTERM");
      const { code } = await running.exit;
      expect(code).toBe(0);
      if (env.NODE_EXTRA_CA_CERTS !== undefined) {
        expect(existsSync(env.NODE_EXTRA_CA_CERTS)).toBe(false); // the temporary CA is removed on stop
      }
    },
  );

  it("16.2 LPKIT_DOMAIN_API is what points the app: at a closed port it fails naming that origin", async () => {
    const error = await runApp({
      LPKIT_DOMAIN_API: "http://127.0.0.1:9",
      LP_ACCOUNT_ID: DEMO.accountId,
      LP_CLIENT_ID: DEMO.clientId,
      LP_CLIENT_SECRET: DEMO.clientSecret,
      LP_LAMBDA_UUID: DEMO.lambdaUuid,
    }).catch((e: { stderr: string }) => e);
    expect((error as { stderr: string }).stderr).toContain("http://127.0.0.1:9");
  });
});
