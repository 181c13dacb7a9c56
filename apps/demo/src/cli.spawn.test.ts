/**
 * The built bin, as `pnpm demo` runs it: a real process, piped output, real exit status. Builds
 * `dist/` first when it is missing or older than the sources.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "test-support") {
        newest = Math.max(newest, newestSource(path));
      }
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

function spawnCli(args: string[], env: Record<string, string> = {}, stdin?: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [cli, ...args],
      // A hang guard only (minutes): the machine may be busy.
      { cwd: root, env: { PATH: process.env.PATH ?? "", ...env }, timeout: 180_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
    if (stdin !== undefined) {
      child.stdin?.end(stdin);
    }
  });
}

beforeAll(() => {
  if (!existsSync(cli) || statSync(cli).mtimeMs < newestSource(join(root, "src"))) {
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "pipe" });
  }
}, 60_000);

describe("dist/cli.js", () => {
  it("runs the whole demo offline, plain when piped, exit 0", async () => {
    const { code, stdout, stderr } = await spawnCli(["--"]);
    expect(stderr).toBe("");
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).not.toContain("\u001b[");
    for (let n = 1; n <= 7; n++) {
      expect(stdout).toMatch(new RegExp(`\\[${n}/7\\] .* — passed`));
    }
    expect(stdout).toMatch(/Done: every step did what it should — 7 passed/);
  });

  it("exits 2 on a configuration error and prints no secret", async () => {
    const { code, stdout, stderr } = await spawnCli(["--json"], { LP_CLIENT_SECRET: "spawned-Secret-77" });
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, exitCode: 2 });
    expect(stderr).toContain("LP_ACCOUNT_ID: not set");
    expect(`${stdout}${stderr}`).not.toContain("spawned-Secret-77");
  });

  // Attack: `lpkit-demo verify <jwt>` took the token on the command line (ps, shell history).
  it("13.13 verify reads a piped token from the real stdin and refuses one given as an argument", async () => {
    const token = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiIxIn0.c3Bhd25lZC1zaWduYXR1cmUtNzc";
    const piped = await spawnCli(["verify", "--json"], {}, `${token}\n`);
    expect(piped.code).toBe(1);
    expect(JSON.parse(piped.stdout)).toMatchObject({ ok: false });
    const argument = await spawnCli(["verify", token]);
    expect(argument.code).toBe(2);
    expect(argument.stderr).toContain("does not take the token as an argument");
    for (const output of [piped, argument]) {
      expect(`${output.stdout}${output.stderr}`).not.toContain("c3Bhd25lZC1zaWduYXR1cmUtNzc");
    }
  });
});
