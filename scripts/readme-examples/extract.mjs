// @module scripts/readme-examples/extract
// Reads the fenced code blocks of a README and decides what each one is, so that every block either
// runs (the default) or says why not. A block's kind comes from its info string; an HTML comment right
// before it (blank lines allowed in between) can change what happens to it:
//
//   <!-- example: skip <reason> -->   not run; the reason is required (an output sample, a signature)
//   <!-- example: continues -->       appended to the previous code block: one program in several parts
//   <!-- example: file <name> -->     written to <name> next to the programs (a config file, a module
//                                      the next example imports); TypeScript files are type-checked too
//   <!-- example: vitest -->          a test file: run with the reader's vitest (`npx vitest run`)
//   <!-- example: services redis --> the block needs a Redis server: one is started, REDIS_URL set
//
// Kinds: ts/typescript (type-checked with tsc, then run), js/javascript/mjs (run with node),
// sh/bash/shell (commands: see commands.mjs), text/txt/output/console-output (never run). Any other
// info string (json, yaml, …) and a block without one must carry `skip` or `file`.
const CODE = { ts: "ts", typescript: "ts", js: "js", javascript: "js", mjs: "js" };
const SHELL = new Set(["sh", "bash", "shell"]);
const TEXT = new Set(["text", "txt", "output", "plaintext"]);
const DIRECTIVE = /^<!--\s*example:\s*([a-z-]+)\s*(.*?)\s*-->$/;

/**
 * What every failure of a README run ends with: that blocks run by default, and how to label one that
 * is not meant to run (the authors of new README text read this in a CI log).
 */
export const HOW_TO_LABEL = [
  "Every fenced block of every README runs by default (scripts/readme-examples/, in `pnpm test:release`).",
  "Fix the example so a reader can run it as written, or, if the block is not meant to run, label it on",
  "the line right before its fence:",
  "  a ```text fence (or txt, output)  output samples, diagrams, prose",
  "  <!-- example: skip <why> -->      a fragment or a signature; the reason is required",
  "  <!-- example: continues -->       the next part of the previous ts/js block (one program in parts)",
  "  <!-- example: file <name> -->     a file the examples use (config, module); .ts files are type-checked",
  "  <!-- example: vitest -->          a test file, run with the reader's `npx vitest run`",
  "  <!-- example: services redis -->  the program needs a Redis server (REDIS_URL is set)",
  "Examples read LP_ACCOUNT_ID, LP_CLIENT_ID, LP_CLIENT_SECRET, LP_LAMBDA_UUID, LPKIT_DOMAIN_API… of an",
  "emulator (scripts/readme-examples/run.mjs, README_ENV). Rerun only some READMEs:",
  "  LPKIT_READMES=<file>[,<file>…] pnpm test:release",
].join("\n");

/** README line of each line of `code`, the block's code starting right after the fence at `line`. */
function lineMap(code, line) {
  return code
    .replace(/\n$/, "")
    .split("\n")
    .map((_, i) => line + 1 + i);
}

/**
 * Every fenced block of `markdown`: `[{ line, info, lang, kind, code, directive }]` — `line` is the
 * 1-based line of the opening fence, `kind` one of `code`, `shell`, `text`, `data`, `directive` the
 * parsed comment before it (`{ name, arg }`) or null. Throws on an unterminated fence.
 * @example extractBlocks("```sh\nnpm install @lpkit/auth\n```\n")[0].kind // "shell"
 */
export function extractBlocks(markdown, file = "README.md") {
  const lines = markdown.split("\n");
  const blocks = [];
  let pending = null; // the directive comment most recently seen, until a non-blank line
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    const fence = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(line);
    if (!fence) {
      const comment = DIRECTIVE.exec(line.trim());
      if (comment) {
        pending = { name: comment[1], arg: comment[2], line: i + 1 };
      } else if (line.trim() !== "") {
        pending = null;
      }
      continue;
    }
    const [, indent, marker, rest] = fence;
    const info = rest.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
    const body = [];
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^\\s*${marker[0]}{${marker.length},}\\s*$`).test(lines[j])) {
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
      j += 1;
    }
    if (j >= lines.length) {
      throw new Error(`${file}:${i + 1}: code block is never closed`);
    }
    const lang = CODE[info] ?? (SHELL.has(info) ? "sh" : info);
    const kind = CODE[info] ? "code" : SHELL.has(info) ? "shell" : TEXT.has(info) ? "text" : "data";
    blocks.push({ line: i + 1, info, lang, kind, code: `${body.join("\n")}\n`, directive: pending });
    pending = null;
    i = j;
  }
  return blocks;
}

/**
 * What running the README means: `{ shell, programs, files, skipped, services, errors }`.
 * - `shell`: the shell blocks, in order (`{ line, code }`);
 * - `programs`: `{ name, lang, code, line, lines, runner }` (`runner`: `node` or `vitest`), parts
 *   joined; `lines[i]` is the README line of the code's line i + 1 (null for the joints);
 * - `files`: `{ name, lang, code, line, lines }` to write before anything runs;
 * - `skipped`: `{ line, reason }`; `services`: e.g. `["redis"]`;
 * - `errors`: blocks that are neither runnable nor labelled, unknown directives, a `continues` with
 *   nothing to continue, a `skip` without a reason.
 * @example planReadme("```js\nconsole.log(1);\n```\n").programs[0].name // "example-1.mjs"
 */
export function planReadme(markdown, file = "README.md") {
  const plan = { shell: [], programs: [], files: [], skipped: [], services: [], errors: [] };
  const where = (block) => `${file}:${block.line}`;
  for (const block of extractBlocks(markdown, file)) {
    const { directive } = block;
    const name = directive?.name;
    if (name && !["skip", "continues", "file", "vitest", "services"].includes(name)) {
      plan.errors.push(`${file}:${directive.line}: unknown directive "example: ${name}"`);
      continue;
    }
    if (name === "skip") {
      if (directive.arg === "") {
        plan.errors.push(`${where(block)}: "example: skip" needs a reason`);
      }
      plan.skipped.push({ line: block.line, reason: directive.arg });
      continue;
    }
    if (name === "file") {
      if (!/^[\w.-]+(\/[\w.-]+)*$/.test(directive.arg) || directive.arg.includes("..")) {
        plan.errors.push(
          `${where(block)}: "example: file" needs a relative file name, got "${directive.arg}"`,
        );
        continue;
      }
      plan.files.push({
        name: directive.arg,
        lang: block.lang,
        code: block.code,
        line: block.line,
        lines: lineMap(block.code, block.line),
      });
      continue;
    }
    if (block.kind === "text") {
      plan.skipped.push({ line: block.line, reason: `${block.info} (output or prose)` });
      continue;
    }
    if (block.kind === "data") {
      plan.errors.push(
        `${where(block)}: a \`${block.info || "(no language)"}\` block is neither run nor labelled: ` +
          'give it a language (ts, js, sh, text) or put "<!-- example: skip <why> -->" or ' +
          '"<!-- example: file <name> -->" right before it',
      );
      continue;
    }
    if (block.kind === "shell") {
      if (name === "continues" || name === "vitest") {
        plan.errors.push(`${where(block)}: "example: ${name}" applies to ts/js blocks only`);
      }
      plan.shell.push({ line: block.line, code: block.code });
      continue;
    }
    if (name === "services") {
      for (const service of directive.arg.split(/[\s,]+/).filter(Boolean)) {
        if (service !== "redis") {
          plan.errors.push(`${where(block)}: unknown service "${service}" (known: redis)`);
        } else if (!plan.services.includes(service)) {
          plan.services.push(service);
        }
      }
    }
    if (name === "continues") {
      const previous = plan.programs.at(-1);
      if (!previous || previous.lang !== block.lang) {
        plan.errors.push(`${where(block)}: "example: continues" follows no ${block.lang} block`);
        continue;
      }
      previous.code += `\n// ${file}:${block.line}\n${block.code}`;
      previous.lines.push(null, block.line, ...lineMap(block.code, block.line));
      continue;
    }
    const n = plan.programs.length + 1;
    const runner = name === "vitest" ? "vitest" : "node";
    const extension = block.lang === "ts" ? "ts" : "mjs";
    const programName = runner === "vitest" ? `example-${n}.test.${extension}` : `example-${n}.${extension}`;
    plan.programs.push({
      name: programName,
      lang: block.lang,
      code: block.code,
      line: block.line,
      lines: lineMap(block.code, block.line),
      runner,
    });
  }
  return plan;
}
