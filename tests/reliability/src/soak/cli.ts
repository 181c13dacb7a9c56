/**
 * `node --expose-gc dist/soak/cli.js [invokes]`: the full soak. Prints progress, writes the figures
 * to `.results/soak.json` and the soak section of the repository's `RELIABILITY.md`, and exits
 * non-zero when a function ran twice or a failure was untyped.
 *
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { renderSoak } from "../report/render.js";
import { replaceSection } from "../report/sections.js";
import { FULL_SOAK, runSoak } from "./run-soak.js";

const RELIABILITY_MD = new URL("../../../../RELIABILITY.md", import.meta.url);
const RESULTS = new URL("../../.results/", import.meta.url);

const invokes = Number(process.argv[2] ?? FULL_SOAK.invokes);
if (!Number.isSafeInteger(invokes) || invokes < 1) {
  throw new TypeError(`invokes must be a positive integer, got ${process.argv[2]}`);
}
const started = Date.now();
const figures = await runSoak({
  ...FULL_SOAK,
  invokes,
  progressEvery: 10_000,
  onProgress: (done, total) => {
    process.stdout.write(`soak: ${done}/${total} after ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  },
});
mkdirSync(RESULTS, { recursive: true });
writeFileSync(new URL("soak.json", RESULTS), `${JSON.stringify(figures, null, 2)}\n`);
const command = invokes === FULL_SOAK.invokes ? "pnpm soak" : `pnpm soak ${invokes}`;
writeFileSync(
  RELIABILITY_MD,
  replaceSection(readFileSync(RELIABILITY_MD, "utf8"), "soak", renderSoak(figures, command)),
);
const failed = figures.duplicateExecutions > 0 || figures.untypedFailures > 0 || figures.crossedAnswers > 0;
if (failed) {
  process.stderr.write("soak: FAILED (duplicate executions, untyped failures or crossed answers)\n");
}
// Exit explicitly once the figures are out: the run is over, whatever sockets or timers remain.
process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`, () => process.exit(failed ? 1 : 0));
