// Issue 14.8: live mode with LP_SENTINEL_VERSION=v1 against an emulator failed at step 2
// (JwtSignatureError): v1 tokens were verified only against LivePerson's published key. Now
// LP_V1_PUBLIC_KEY gives live mode the emulator's key. Both Sentinel versions run here against
// `lpkit-emulator` itself (the command-line emulator, a separate process), with nothing but the
// lines its --print-env prints.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JWT_PATTERN, run } from "./test-support/run.js";

const CLI = fileURLToPath(new URL("../node_modules/@lpkit/emulator/bin/lpkit-emulator.js", import.meta.url));

let child: ChildProcess;
const env: Record<string, string> = {};

beforeAll(async () => {
  child = spawn(process.execPath, [CLI, "--print-env"], { stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  child.stdout?.setEncoding("utf8");
  await new Promise<void>((resolve, reject) => {
    // A hang guard only: a CLI on a busy machine may take many seconds to print.
    const guard = setTimeout(() => reject(new Error(`no env lines from lpkit-emulator: ${stdout}`)), 120_000);
    child.stdout?.on("data", (chunk: string) => {
      stdout += chunk;
      if (stdout.includes("LP_V1_PUBLIC_KEY=")) {
        clearTimeout(guard);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`lpkit-emulator exited (${code}): ${stdout}`)));
  });
  for (const line of stdout.split("\n")) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) {
      env[match[1] as string] = match[2] as string;
    }
  }
});

afterAll(() => {
  child?.kill("SIGTERM");
});

describe("14.8 live mode against the emulator CLI", () => {
  it.each(["v1", "v2"])(
    "14.8 LP_SENTINEL_VERSION=%s: every live step passes with the lines lpkit-emulator --print-env prints",
    async (version) => {
      const { code, stdout, all } = await run(["--json"], { ...env, LP_SENTINEL_VERSION: version });
      const doc = JSON.parse(stdout) as {
        ok: boolean;
        mode: string;
        steps: { id: string; status: string }[];
      };
      expect(doc).toMatchObject({ ok: true, mode: "live" });
      expect(code).toBe(0);
      expect(doc.steps.map((step) => step.status)).toEqual([
        "passed",
        "passed",
        "passed",
        "skipped",
        "skipped",
        "passed",
        "passed",
      ]);
      expect(all).not.toContain(env.LP_CLIENT_SECRET);
      expect(all).not.toMatch(JWT_PATTERN);
    },
  );

  it("14.8 without LP_V1_PUBLIC_KEY a v1 token from the emulator does not verify (LivePerson's key is used)", async () => {
    const { LP_V1_PUBLIC_KEY: _, ...withoutKey } = env;
    const { code, stdout } = await run(["--json"], { ...withoutKey, LP_SENTINEL_VERSION: "v1" });
    const doc = JSON.parse(stdout) as { ok: boolean; steps: { status: string; error?: { name?: string } }[] };
    expect(code).not.toBe(0);
    expect(doc.steps[1]?.status).toBe("failed");
    expect(JSON.stringify(doc.steps[1])).toContain("JwtSignatureError");
  });

  it("14.8 a malformed LP_V1_PUBLIC_KEY is a configuration error naming the variable, before any request", async () => {
    const { code, all } = await run([], { ...env, LP_V1_PUBLIC_KEY: "-----BEGIN PRIVATE KEY-----\\nAAAA" });
    expect(code).not.toBe(0);
    expect(all).toContain("LP_V1_PUBLIC_KEY");
  });
});
