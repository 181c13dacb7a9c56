// The README's command-line examples, run as written against the built command: every
// `npx lpkit-emulator …` line (with the port made free and files in a temp folder) must start and
// stop cleanly, and every `curl` line of the admin section must succeed against a running emulator.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SummaryJson } from "./summary.js";
import { runCli } from "./test-support/cli-process.js";

const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
const blocks = (language: string) =>
  [...readme.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, "g"))].map(
    (match) => match[1] as string,
  );
const shellLines = blocks("sh").flatMap((block) =>
  block.split("\n").map((line) => line.replace(/\s+#.*$/, "").trim()),
);
const commandLines = shellLines.filter((line) => line.startsWith("npx lpkit-emulator"));
const curlLines = shellLines.filter((line) => line.startsWith("curl "));
const configYaml = blocks("yaml").find((block) => block.includes("lambdas:")) as string;

/** Splits a shell line into words (single quotes only, as the README uses). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? (match[2] as string));
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lpkit-emulator-readme-"));
  await writeFile(join(dir, "emulator.yaml"), configYaml);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("README: command line", () => {
  it("has examples to run", () => {
    expect(commandLines.length).toBeGreaterThanOrEqual(5);
    expect(curlLines.length).toBeGreaterThanOrEqual(5);
  });

  it.each(commandLines)("%s", async (line) => {
    const args = words(line)
      .slice(2)
      .map((word, index, all) => {
        if (all[index - 1] === "--port") {
          return "0";
        }
        return word === "emulator.yaml" || word === "ca.pem" ? join(dir, word) : word;
      });
    const running = runCli(args);
    const first = (await running.firstOutput).split("\n")[0] as string;
    if (args.includes("--json")) {
      expect(JSON.parse(first)).toHaveProperty("url");
    } else if (args.includes("--print-env")) {
      expect(first).toMatch(/^LPKIT_DOMAIN_API=https?:\/\/127\.0\.0\.1:\d+$/);
    } else {
      expect(first).toMatch(/^lpkit-emulator \S+ listening on https?:\/\//);
    }
    running.child.kill("SIGTERM");
    const result = await running.exit;
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  });

  it("runs the admin endpoint's curl lines against a running emulator", async () => {
    const running = runCli(["--json"]);
    const summary = JSON.parse((await running.firstOutput).split("\n")[0] as string) as SummaryJson;
    const port = String(summary.listening.port);
    try {
      for (const line of curlLines) {
        const [command, ...args] = words(line.replaceAll("127.0.0.1:4000", `127.0.0.1:${port}`));
        const { stdout } = await promisify(execFile)(command as string, [...args, "--fail-with-body"]);
        if (stdout.trim() !== "") {
          expect(JSON.parse(stdout), line).not.toHaveProperty("error");
        }
      }
    } finally {
      running.child.kill("SIGTERM");
      await running.exit;
    }
  });
});
