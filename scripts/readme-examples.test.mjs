// @module scripts/readme-examples.test
// The README example runner (scripts/readme-examples/): how blocks are read and labelled, how shell
// lines are parsed and checked, a README that fails must fail — and every README of this repository is
// either runnable or labelled (the runs themselves happen in `pnpm test:release`, against the published
// packages).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { classify, curlRequest, emulatorArgs, parseShell, pnpmTarget } from "./readme-examples/commands.mjs";
import { extractBlocks, HOW_TO_LABEL, planReadme } from "./readme-examples/extract.mjs";
import { readmeLines } from "./readme-examples/report.mjs";
import {
  checkRepoCommand,
  missingInstalls,
  packageOf,
  repositoryReadmes,
  runReadme,
} from "./readme-examples/run.mjs";
import { toEmulator } from "./readme-examples/shell-blocks.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const fence = "```";

describe("README blocks", () => {
  it("reads fences, languages, line numbers and the directive right before a block", () => {
    const md = [
      "# x",
      "",
      "<!-- example: skip a signature, not a program -->",
      "",
      `${fence}ts`,
      "interface A {}",
      fence,
      "text in between",
      `${fence}sh`,
      "npm install @lpkit/auth",
      fence,
      "<!-- example: file emulator.yaml -->",
      "~~~yaml",
      "accounts: []",
      "~~~",
    ].join("\n");
    const blocks = extractBlocks(md);
    assert.deepEqual(
      blocks.map((b) => [b.line, b.lang, b.kind, b.directive?.name ?? null]),
      [
        [5, "ts", "code", "skip"],
        [9, "sh", "shell", null],
        [13, "yaml", "data", "file"],
      ],
    );
    assert.equal(blocks[2].code, "accounts: []\n");
    assert.throws(() => extractBlocks(`${fence}js\nx\n`), /README\.md:1: code block is never closed/);
  });

  it("runs by default, joins continued blocks, and refuses what is neither runnable nor labelled", () => {
    const plan = planReadme(
      [
        `${fence}ts`,
        "const a = 1;",
        fence,
        "<!-- example: continues -->",
        `${fence}ts`,
        "console.log(a);",
        fence,
        `${fence}js`,
        "console.log(2);",
        fence,
        "<!-- example: vitest -->",
        `${fence}ts`,
        'import { it } from "vitest";',
        fence,
        `${fence}text`,
        "output",
        fence,
        `${fence}json`,
        "{}",
        fence,
        fence,
        "no language",
        fence,
        "<!-- example: skip -->",
        `${fence}ts`,
        "x",
        fence,
        "<!-- example: continues -->",
        `${fence}js`,
        "console.log('the last program is TypeScript: nothing to continue');",
        fence,
        "<!-- example: frobnicate -->",
        `${fence}ts`,
        "y",
        fence,
      ].join("\n"),
    );
    assert.deepEqual(
      plan.programs.map((p) => [p.name, p.runner]),
      [
        ["example-1.ts", "node"],
        ["example-2.mjs", "node"],
        ["example-3.test.ts", "vitest"],
      ],
    );
    assert.match(plan.programs[0].code, /const a = 1;\n\n\/\/ README\.md:5\nconsole\.log\(a\);/);
    assert.equal(plan.errors.length, 5, plan.errors.join("\n"));
    assert.match(plan.errors[0], /README\.md:18: a `json` block is neither run nor labelled/);
    assert.match(plan.errors[1], /README\.md:21: a `\(no language\)` block/);
    assert.match(plan.errors[2], /"example: skip" needs a reason/);
    assert.match(plan.errors[3], /README\.md:29: "example: continues" follows no js block/);
    assert.match(plan.errors[4], /unknown directive "example: frobnicate"/);
    assert.equal(plan.skipped.length, 2);
  });

  it("finds imports that no install line installs (a missing @lpkit/domain, reliance on hoisting)", () => {
    const plan = planReadme(
      [
        `${fence}sh`,
        "npm install @lpkit/sentinel @lpkit/core@^0.1.0",
        fence,
        `${fence}ts`,
        'import { createDomainClient } from "@lpkit/domain";',
        'import { createSentinelClient } from "@lpkit/sentinel";',
        'import type { paths } from "openapi-fetch";',
        'import { readFile } from "node:fs/promises";',
        'import { x } from "./local.js";',
        'const { verify } = await import("@lpkit/auth/verify");',
        fence,
      ].join("\n"),
    );
    assert.deepEqual(missingInstalls(plan), ["@lpkit/auth", "@lpkit/domain", "openapi-fetch"]);
    assert.equal(packageOf("@lpkit/auth/verify"), "@lpkit/auth");
    assert.equal(packageOf("node:fs"), null);
  });
});

describe("README shell lines", () => {
  it("parses quotes, continuations, comments, operators, env prefixes and background jobs", () => {
    const commands = parseShell(
      [
        "# a comment",
        "npm install --global pnpm@10 && pnpm install && pnpm demo   # set up",
        "LP_DOMAIN_API=http://127.0.0.1:4000 LP_ACCOUNT_ID=87654321 \\",
        '  pnpm demo invoke x --payload \'{"hello": "world"}\'',
        "node apps/demo/dist/cli.js token --live | node apps/demo/dist/cli.js verify - --live",
        "node packages/emulator/dist/cli.js --port 4000 &",
        "export LP_CLIENT_ID=…",
      ].join("\n"),
    );
    assert.deepEqual(
      commands.map((c) => c.words.join(" ")),
      [
        "npm install --global pnpm@10",
        "pnpm install",
        "pnpm demo",
        'pnpm demo invoke x --payload {"hello": "world"}',
        "node apps/demo/dist/cli.js token --live",
        "node apps/demo/dist/cli.js verify - --live",
        "node packages/emulator/dist/cli.js --port 4000",
        "",
      ],
    );
    assert.deepEqual(commands[3].env, { LP_DOMAIN_API: "http://127.0.0.1:4000", LP_ACCOUNT_ID: "87654321" });
    assert.equal(commands[6].background, true);
    assert.equal(commands[7].exported, true);
    assert.deepEqual(commands[7].env, { LP_CLIENT_ID: "…" });
    assert.throws(() => parseShell("echo 'open"), /unterminated ' quote/);
  });

  it("classifies what it runs and what it checks; everything else must be labelled", () => {
    const kinds = parseShell(
      "npm install @lpkit/auth\nnpm i -g pnpm@10\nnpx lpkit-emulator --port 4000 --json\npnpm demo\nnode x.js\ncurl -s http://127.0.0.1:4000/x\nwget http://x\n",
    )
      .map(classify)
      .map((c) => [c.type, c.global ?? null]);
    assert.deepEqual(kinds, [
      ["npm-install", false],
      ["npm-install", true],
      ["emulator", null],
      ["pnpm", null],
      ["node", null],
      ["curl", null],
      ["unknown", null],
    ]);
    const [post] = parseShell(
      `curl -s -X POST http://127.0.0.1:4000/__lpkit/faults -H 'content-type: application/json' -d '{"times":1}'`,
    );
    assert.deepEqual(curlRequest(classify(post).args), {
      method: "POST",
      url: "http://127.0.0.1:4000/__lpkit/faults",
      headers: { "content-type": "application/json" },
      body: '{"times":1}',
    });
    assert.equal(curlRequest(["-d", "x", "http://localhost:1/a"]).method, "POST");
    assert.throws(() => curlRequest(["https://example.com/"]), /only loopback URLs/);
    assert.throws(() => curlRequest(["-k", "http://127.0.0.1:1/"]), /does not understand -k/);
    assert.deepEqual(emulatorArgs(["--port", "4000", "--tls", "--port=5000"]), [
      "--port",
      "0",
      "--tls",
      "--port=0",
    ]);
    assert.deepEqual(pnpmTarget(["-s", "demo", "--json"]), { package: null, script: "demo", orBin: true });
    assert.deepEqual(pnpmTarget(["run", "docs"]), { package: null, script: "docs" });
    assert.match(pnpmTarget(["add", "@lpkit/auth"]).error, /use `npm install`/);
  });

  it("checks pnpm scripts and node files against the repository", () => {
    const check = (line) => checkRepoCommand(classify(parseShell(line)[0]), ROOT, ROOT);
    assert.equal(check("pnpm demo"), null);
    assert.equal(check("pnpm run docs"), null);
    assert.equal(check("pnpm --filter @lpkit/redis measure"), null);
    assert.equal(check("node packages/emulator/dist/cli.js --port 4000"), null);
    assert.match(check("pnpm no-such-script"), /the root package has no script "no-such-script"/);
    assert.match(check("pnpm --filter @lpkit/nope test"), /no such workspace package/);
    assert.match(check("node packages/nope/dist/cli.js"), /no such file/);
    assert.match(check("pnpm add @lpkit/auth"), /use `npm install`/);
  });
});

describe("README runs", () => {
  it("fails a README whose example fails, naming its line; passes one that runs", async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "lpkit-readme-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const readme = join(dir, "README.md");
    const options = {
      readme,
      root: dir,
      dir: join(dir, "reader"),
      registryUrl: "http://127.0.0.1:9/",
      toolchain: { tsc: "/nonexistent", typeRoots: "/nonexistent" },
      emulator: { url: "https://127.0.0.1:9" },
    };
    writeFileSync(
      readme,
      `# x\n\n${fence}js\nimport { ok } from "node:assert";\nok(1 + 1 === 2);\n${fence}\n`,
    );
    const good = await runReadme(options);
    assert.deepEqual(good.steps, ["node example-1.mjs"]);
    writeFileSync(readme, `# x\n\n\n${fence}js\nthrow new Error("as written");\n${fence}\n`);
    await assert.rejects(runReadme({ ...options, dir: join(dir, "reader2") }), (error) => {
      // The README and the block's line, what failed, the program's output mapped to README lines, and
      // how to label a block that is not meant to run.
      assert.match(error.message, /^README example failed — README\.md:4: the `js` example fails as written/);
      assert.match(error.message, /Error: as written/);
      assert.match(error.message, /example-1\.mjs:2:\d+ \[README\.md:5\]/);
      assert.ok(error.message.includes(HOW_TO_LABEL));
      assert.deepEqual(error.readme, { file: "README.md", line: 4 });
      return true;
    });
    writeFileSync(readme, `# x\n\n${fence}yaml\na: 1\n${fence}\n`);
    await assert.rejects(runReadme({ ...options, dir: join(dir, "reader3") }), (error) => {
      assert.match(error.message, /^README example failed — README\.md: 1 block cannot run as written/);
      assert.match(error.message, /README\.md:3: a `yaml` block is neither run nor labelled/);
      assert.match(error.message, /<!-- example: skip <why> -->/);
      return true;
    });
  });

  it("runs `node <file>` for a file the README defines, with the line's variables", async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "lpkit-readme-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const readme = join(dir, "README.md");
    writeFileSync(join(dir, "package.json"), '{ "name": "r", "private": true }\n');
    writeFileSync(
      readme,
      [
        "<!-- example: file app.mjs -->",
        `${fence}js`,
        'if (process.env.LPKIT_DOMAIN_API !== "http://127.0.0.1:4000") throw new Error("not set");',
        fence,
        `${fence}sh`,
        "LPKIT_DOMAIN_API=http://127.0.0.1:4000 node app.mjs",
        fence,
        `${fence}sh`,
        "node nope.mjs",
        fence,
      ].join("\n"),
    );
    await assert.rejects(
      runReadme({
        readme,
        root: dir,
        dir: join(dir, "reader"),
        registryUrl: "http://127.0.0.1:9/",
        toolchain: { tsc: "/nonexistent", typeRoots: "/nonexistent" },
        emulator: { url: "https://127.0.0.1:9" },
      }),
      (error) => {
        // The first block ran (its file saw the variable); the second names a file nobody defines.
        assert.match(error.message, /README\.md:8: node nope\.mjs: no such file/);
        assert.match(error.message, /<!-- example: file <name> -->/);
        return true;
      },
    );
  });

  it("maps positions in the written programs back to README lines", () => {
    const programs = [
      { name: "example-1.ts", lines: [10, 11, 12], header: true },
      { name: "src/greet.ts", lines: [30], header: false },
    ];
    assert.equal(
      readmeLines(
        "example-1.ts(3,7): error TS2304\n  at /tmp/r/src/greet.ts:1:1\nother.ts(1,1)",
        programs,
        "R.md",
      ),
      "example-1.ts(3,7) [R.md:11]: error TS2304\n  at /tmp/r/src/greet.ts:1:1 [R.md:30]\nother.ts(1,1)",
    );
    assert.equal(
      toEmulator("http://127.0.0.1:4000/x localhost:5", "http://127.0.0.1:39123"),
      "http://127.0.0.1:39123/x 127.0.0.1:39123",
    );
    assert.equal(toEmulator("http://127.0.0.1:4000", undefined), "http://127.0.0.1:4000");
  });

  it("refuses names other than loopback inside an example (nothing leaves the machine)", async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "lpkit-readme-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const readme = join(dir, "README.md");
    writeFileSync(
      readme,
      `${fence}js\nimport { lookup } from "node:dns/promises";\nimport assert from "node:assert/strict";\n` +
        `await assert.rejects(fetch("https://example.com/"), (e) => /ENOTFOUND/.test(String(e.cause?.code ?? e.cause)));\n` +
        `assert.equal((await lookup("fninvocations.localhost")).address, "127.0.0.1");\n${fence}\n`,
    );
    const result = await runReadme({
      readme,
      root: dir,
      dir: join(dir, "reader"),
      registryUrl: "http://127.0.0.1:9/",
      toolchain: { tsc: "/nonexistent", typeRoots: "/nonexistent" },
      emulator: { url: "https://127.0.0.1:9" },
    });
    assert.equal(result.ran, 1);
  });
});

describe("this repository's READMEs", () => {
  it("label every block that does not run, and install what their examples import", () => {
    const readmes = repositoryReadmes(ROOT);
    assert.ok(readmes.includes("README.md") && readmes.includes("packages/auth/README.md"));
    const problems = [];
    for (const file of readmes) {
      const plan = planReadme(readFileSync(join(ROOT, file), "utf8"), file);
      problems.push(...plan.errors);
      const missing = missingInstalls(plan);
      if (missing.length > 0) {
        problems.push(`${file}: imports ${missing.join(", ")}, which no \`npm install\` line installs`);
      }
      for (const block of plan.shell) {
        for (const command of parseShell(block.code).map(classify)) {
          if (command.type === "unknown") {
            problems.push(`${file}:${block.line}: ${command.reason}`);
          } else if (
            command.type === "pnpm" ||
            // `node <file>` of a file the README itself defines is run by the runner, not looked up.
            (command.type === "node" && !plan.files.some((f) => f.name === command.file))
          ) {
            const problem = checkRepoCommand(command, ROOT, dirname(join(ROOT, file)));
            if (problem) {
              problems.push(`${file}:${block.line}: ${problem}`);
            }
          }
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
