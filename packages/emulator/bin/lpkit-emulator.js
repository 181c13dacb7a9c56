#!/usr/bin/env node
// The `lpkit-emulator` command. This launcher is committed (not built) so that package managers can
// link the command before dist/ exists; it only loads the compiled CLI.
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (existsSync(cli)) {
  await import(cli.href);
} else {
  console.error("lpkit-emulator: not built yet; run `pnpm --filter @lpkit/emulator build` first");
  process.exitCode = 1;
}
