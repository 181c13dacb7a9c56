/**
 * Reading vitest's JSON report (`--reporter=json`): the test list the fault-matrix and
 * hostile-input sections of `RELIABILITY.md` are generated from.
 *
 * @module
 */

/** One test as the JSON reporter lists it. */
export interface TestCase {
  /** File path relative to the package, e.g. `src/fault-matrix/faasgw.test.ts`. */
  file: string;
  /** The enclosing `describe` titles. */
  groups: string[];
  title: string;
  status: string;
}

interface JsonReport {
  testResults?: {
    name?: string;
    assertionResults?: { ancestorTitles?: string[]; title?: string; status?: string }[];
  }[];
}

/**
 * Flattens a vitest JSON report into test cases, in file order, with paths from `src/` on.
 *
 * @example
 * ```ts
 * const tests = readTestCases(JSON.parse(readFileSync(".results/vitest.json", "utf8")));
 * ```
 */
export function readTestCases(report: unknown): TestCase[] {
  const files = (report as JsonReport)?.testResults;
  if (!Array.isArray(files)) {
    throw new Error("not a vitest JSON report (no testResults)");
  }
  const cases: TestCase[] = [];
  for (const file of files) {
    const path = String(file.name ?? "");
    const relative = path.slice(Math.max(0, path.lastIndexOf("/src/") + 1));
    for (const test of file.assertionResults ?? []) {
      cases.push({
        file: relative,
        groups: test.ancestorTitles ?? [],
        title: String(test.title ?? ""),
        status: String(test.status ?? "unknown"),
      });
    }
  }
  return cases.sort((a, b) => a.file.localeCompare(b.file));
}
