// @module scripts/readme-examples/report
// How a README run fails: one error naming the README file and the line of the block (or of the line in
// it) that failed, what the runner did and what came back, with compiler and stack positions in the
// written programs translated back to README lines — then how to label a block that is not meant to run.
import { HOW_TO_LABEL } from "./extract.mjs";

/**
 * The error for a failed README block: `<file>:<line>: <what>`, the indented `detail` (a command's
 * output), and HOW_TO_LABEL. `error.readme` keeps `{ file, line }` for callers.
 * @example throw readmeFailure({ file: "README.md", line: 12, what: "the example fails as written", detail })
 */
export function readmeFailure({ file, line, what, detail = "" }) {
  const where = line === undefined ? file : `${file}:${line}`;
  const body = detail.trim() === "" ? "" : `\n${indent(detail.trim())}`;
  const error = new Error(`README example failed — ${where}: ${what}${body}\n\n${HOW_TO_LABEL}`);
  error.readme = { file, line };
  return error;
}

/** The plan's problems (unlabelled blocks, missing installs, …), one per line, as one failure. */
export function planFailure(file, problems) {
  return readmeFailure({
    file,
    what: `${problems.length} block${problems.length === 1 ? "" : "s"} cannot run as written`,
    detail: problems.join("\n"),
  });
}

/**
 * Labels positions in the written programs (`example-2.ts(14,3)`, `example-1.mjs:7:5`, the tsc and
 * node forms) with README positions (`example-2.ts(14,3) [packages/auth/README.md:41]`), using each
 * program's `lines` map. A program is written with a `// <file>:<line>` header line first
 * (`header: true`), a file as it is.
 * @example readmeLines("example-1.ts(2,1): error TS2304", [{ name: "example-1.ts", lines: [12], header: true }], "README.md")
 */
export function readmeLines(text, programs, file) {
  const byName = new Map(
    programs.map((p) => [p.name.split("/").pop(), [...(p.header ? [null] : []), ...(p.lines ?? [])]]),
  );
  return text.replace(
    /((?:[\w.-]+\/)*)(example-\d+(?:\.test)?\.(?:ts|mjs)|[\w.-]+\.(?:ts|mjs|js))(?:\((\d+),(\d+)\)|:(\d+)(?::(\d+))?)/g,
    (match, _dir, name, tscLine, _tscCol, nodeLine) => {
      const lines = byName.get(name);
      if (!lines) {
        return match;
      }
      const written = Number(tscLine ?? nodeLine);
      const readmeLine = lines[written - 1];
      return readmeLine ? `${match} [${file}:${readmeLine}]` : match;
    },
  );
}

function indent(text) {
  return text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}
