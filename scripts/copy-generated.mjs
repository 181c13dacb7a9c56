// Copies the committed, generated type declarations (src/generated/*.d.ts) next to the compiled
// output: tsc never emits .d.ts inputs, yet dist/index.d.ts imports them.
import { cpSync, existsSync } from "node:fs";
import { resolve } from "node:path";

const from = resolve("src/generated");
if (existsSync(from)) {
  cpSync(from, resolve("dist/generated"), { recursive: true });
}
