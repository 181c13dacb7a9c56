/**
 * `node dist/report/cli.js <vitest.json>`: rewrites the fault-matrix and hostile-input sections of
 * the repository's `RELIABILITY.md` from a vitest JSON report of this package's suite.
 *
 * @module
 */
import { readFileSync, writeFileSync } from "node:fs";
import { renderFaultMatrix, renderHostile } from "./render.js";
import { replaceSection } from "./sections.js";
import { readTestCases } from "./vitest-results.js";

/** `RELIABILITY.md` at the repository root (this file is `tests/reliability/{src,dist}/report/cli.*`). */
export const RELIABILITY_MD = new URL("../../../../RELIABILITY.md", import.meta.url);

const input = process.argv[2] ?? ".results/vitest.json";
const tests = readTestCases(JSON.parse(readFileSync(input, "utf8")));
const failing = tests.filter((t) => t.status !== "passed" && t.status !== "skipped");
let markdown = readFileSync(RELIABILITY_MD, "utf8");
markdown = replaceSection(markdown, "fault-matrix", renderFaultMatrix(tests));
markdown = replaceSection(markdown, "hostile-input", renderHostile(tests));
writeFileSync(RELIABILITY_MD, markdown);
const scenarios = tests.filter((t) => t.file.includes("fault-matrix/")).length;
process.stdout.write(
  `RELIABILITY.md: ${scenarios} fault-matrix scenarios, ${tests.filter((t) => t.file.includes("hostile/")).length} hostile-input tests${failing.length > 0 ? `, ${failing.length} NOT passing` : ""}\n`,
);
if (failing.length > 0) {
  process.exitCode = 1;
}
