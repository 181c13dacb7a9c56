#!/usr/bin/env node
// `pnpm lint:specs`: every spec in specs/ must pass Redocly's `recommended` ruleset (redocly.yaml),
// validate against the OpenAPI 3.1 JSON schema, and cite public pages rather than internal file
// names (spec-citations.mjs). Exits non-zero on any error.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { internalCitations } from "./spec-citations.mjs";

const specs = readdirSync("specs")
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => join("specs", f));
let failed = false;

const redocly = spawnSync("redocly", ["lint", "--format=stylish", ...specs], {
  stdio: "inherit",
  env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
});
if (redocly.status !== 0) {
  failed = true;
}

for (const spec of specs) {
  const validator = new Validator();
  const result = await validator.validate(spec);
  if (validator.version !== "3.1") {
    console.error(`${spec}: expected OpenAPI 3.1, found ${validator.version}`);
    failed = true;
  } else if (!result.valid) {
    console.error(`${spec}: not a valid OpenAPI 3.1 document`);
    console.error(JSON.stringify(result.errors, null, 2));
    failed = true;
  } else {
    console.log(`${spec}: valid OpenAPI ${validator.version}`);
  }
}
for (const spec of specs) {
  for (const { line, text, what } of internalCitations(readFileSync(spec, "utf8"))) {
    console.error(`${spec}:${line}: cites ${what} (${text}); cite LivePerson's public page by URL instead`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
