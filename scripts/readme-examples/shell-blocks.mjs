// @module scripts/readme-examples/shell-blocks
// Runs a README's shell blocks as a reader's shell would, command by command (commands.mjs parses and
// classifies them): `npm install` from the registries, `npx lpkit-emulator …` started from the reader's
// install and stopped again (a trailing `&` keeps it running for the rest of its block, and the block's
// later `127.0.0.1:<port>` mentions reach it), `curl` to that emulator (or one started for the block),
// `node <file>` for a file the README itself defines (`<!-- example: file app.mjs -->`), run against the
// emulator like the programs; `pnpm …` and `node <repository file>` are checked, not run.
import { dirname } from "node:path";
import { cleanEnv, run } from "../registry-test/exec.mjs";
import { checkRepoCommand } from "./checks.mjs";
import { classify, curlRequest, emulatorArgs, parseShell } from "./commands.mjs";
import { readmeFailure } from "./report.mjs";
import { sendCurl, startEmulatorCommand } from "./services.mjs";

/**
 * `value` with every loopback `host:port` pointed at `url`'s (the emulator the block started), so a
 * README's fixed port (`http://127.0.0.1:4000`) reaches the emulator on the free port it really got.
 * @example toEmulator("http://127.0.0.1:4000/x", "http://127.0.0.1:39123") // "http://127.0.0.1:39123/x"
 */
export function toEmulator(value, url) {
  return url ? value.replace(/\b(?:127\.0\.0\.1|localhost):\d+\b/g, new URL(url).host) : value;
}

/**
 * Runs every shell block of `plan` in `dir`; `env` is the README environment (reader's shell),
 * `programEnv` what a program runs with (offline preload). Resolves `{ steps, ran, checked }`.
 */
export async function runShellBlocks({ plan, file, readme, root, dir, env, programEnv }) {
  const steps = [];
  let ran = 0;
  let checked = 0;
  const programs = new Set(plan.files.filter((f) => /\.m?js$/.test(f.name)).map((f) => f.name));
  for (const block of plan.shell) {
    const fail = (what, detail) => readmeFailure({ file, line: block.line, what, detail });
    let blockEmulator = null;
    let failure = null;
    const background = [];
    try {
      for (const command of parseShell(block.code).map(classify)) {
        if (command.type === "unknown") {
          throw fail(command.reason);
        }
        if (command.type === "env") {
          continue;
        }
        // npm and the emulator run as the reader's shell runs them: without the offline preload (npm
        // must reach the registries), with the line's own VAR=value prefixes.
        const lineEnv = Object.fromEntries(
          Object.entries(command.env ?? {}).map(([k, v]) => [k, toEmulator(v, blockEmulator?.url)]),
        );
        const stepEnv = cleanEnv({ ...env, ...lineEnv });
        if (command.type === "npm-install" && !command.global) {
          await run("npm", ["install", "--no-audit", "--no-fund", ...command.args], {
            cwd: dir,
            env: stepEnv,
            timeoutMs: 240_000,
          }).catch((error) => {
            throw fail(`\`npm install ${command.args.join(" ")}\` fails`, error.message);
          });
          steps.push(`npm install ${command.args.join(" ")}`);
          ran += 1;
        } else if (command.type === "emulator") {
          const line = `npx lpkit-emulator ${command.args.join(" ")}`;
          const started = await startEmulatorCommand(dir, emulatorArgs(command.args), stepEnv).catch(
            (error) => {
              throw fail(`\`${line}\` does not start`, error.message);
            },
          );
          if (command.background) {
            background.push(started);
            blockEmulator ??= started;
          } else {
            await started.stop().catch((error) => {
              throw fail(`\`${line}\` does not stop cleanly`, error.message);
            });
          }
          steps.push(line);
          ran += 1;
        } else if (command.type === "curl") {
          const args = command.args.map((a) => toEmulator(a, blockEmulator?.url));
          // The block's requests go to its emulator: the one it started in the background, or one
          // started for it (the README's own port is fixed; the emulator's is free).
          if (!blockEmulator) {
            blockEmulator = await startEmulatorCommand(dir, ["--port", "0"], stepEnv);
            background.push(blockEmulator);
          }
          await sendCurl(args, blockEmulator.url).catch((error) => {
            throw fail(`\`curl ${command.args.join(" ")}\` fails`, error.message);
          });
          steps.push(`curl ${curlRequest(args).method} ${new URL(curlRequest(args).url).pathname}`);
          ran += 1;
        } else if (command.type === "node" && programs.has(command.file)) {
          const args = [command.file, ...command.args].map((a) => toEmulator(a, blockEmulator?.url));
          await run(process.execPath, args, {
            cwd: dir,
            env: { ...programEnv, ...lineEnv },
            timeoutMs: 120_000,
          }).catch((error) => {
            throw fail(`\`node ${command.file}\` fails as written`, error.message);
          });
          steps.push(`node ${command.file}`);
          ran += 1;
        } else {
          const problem =
            command.type === "npm-install"
              ? null // a global install (pnpm itself): never run here
              : checkRepoCommand(command, root, dirname(readme));
          if (problem) {
            throw fail(
              problem,
              command.type === "node"
                ? "A file the README's own example defines runs when the block before it says " +
                    "<!-- example: file <name> -->."
                : "",
            );
          }
          checked += 1;
        }
      }
    } catch (error) {
      failure = error;
    }
    // Stopped in any case; a background emulator that does not stop cleanly fails the block too.
    const stopped = await Promise.allSettled(background.map((started) => started.stop()));
    if (failure) {
      throw failure;
    }
    const failed = stopped.find((result) => result.status === "rejected");
    if (failed) {
      throw fail("the emulator started in the background does not stop cleanly", failed.reason.message);
    }
  }
  return { steps, ran, checked };
}
