// @module scripts/readme-examples/commands
// The commands of a README's shell blocks, parsed (quotes, `\` continuations, comments, `&&`, `|`,
// `;`, a trailing `&`, `VAR=value cmd`, `export VAR=value`) and classified, so the runner can run
// what is safe to run and check the rest:
//   npm install <packages>   run in the reader's folder (global installs are checked, not run)
//   npx lpkit-emulator …     run until it is ready, then stopped with SIGTERM (fixed ports → 0)
//   pnpm …                   checked: the script (or binary) exists where pnpm would look for it
//   node <file> …            checked: the file exists in the repository (or is built from src/)
//   curl http://127.0.0.1:…  sent (as fetch) to an emulator started for the block; must answer 2xx
// Anything else is an error: the README must label the block (`<!-- example: skip <why> -->`).

/**
 * Splits one shell block into words and operators: `[{ words, env, background }]` per command, in
 * order. `env` holds the `VAR=value` prefixes (and `export`s, as `{ exported: true }` commands).
 * @example parseShell("A=1 npm install x && pnpm demo # go\n")[1].words // ["pnpm", "demo"]
 */
export function parseShell(code) {
  const text = code.replace(/\\\r?\n/g, " ");
  const commands = [];
  let words = [];
  let word = null;
  let quote = null;
  const endWord = () => {
    if (word !== null) {
      words.push(word);
      word = null;
    }
  };
  const endCommand = (background = false) => {
    endWord();
    if (words.length > 0) {
      commands.push(toCommand(words, background));
    }
    words = [];
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quote) {
      if (c === quote) {
        quote = null;
      } else if (c === "\\" && quote === '"' && i + 1 < text.length) {
        i += 1;
        word += text[i];
      } else {
        word += c;
      }
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= "";
    } else if (c === "#" && word === null) {
      while (i < text.length && text[i] !== "\n") {
        i += 1;
      }
      endCommand();
    } else if (c === "\n" || c === ";") {
      endCommand();
    } else if (c === "&" && text[i + 1] === "&") {
      endCommand();
      i += 1;
    } else if (c === "|") {
      endCommand();
      if (text[i + 1] === "|") {
        i += 1;
      }
    } else if (c === "&") {
      endCommand(true);
    } else if (c === " " || c === "\t") {
      endWord();
    } else {
      word = (word ?? "") + c;
    }
  }
  if (quote) {
    throw new Error(`unterminated ${quote} quote in: ${code.trim()}`);
  }
  endCommand();
  return commands;
}

function toCommand(all, background) {
  const env = {};
  let start = 0;
  const exported = all[0] === "export";
  if (exported) {
    start = 1;
  }
  while (start < all.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(all[start])) {
    const [name, ...value] = all[start].split("=");
    env[name] = value.join("=");
    start += 1;
  }
  return { words: all.slice(start), env, background, exported };
}

/**
 * What a parsed command is: `{ type, … }` with `type` one of `env` (an `export` or bare
 * assignments), `npm-install` (`global`, `args`), `emulator` (`args`), `pnpm` (`args`), `node`
 * (`file`, `args`), `curl` (`args`) or `unknown` (`reason`).
 * @example classify(parseShell("npm install @lpkit/auth")[0]).type // "npm-install"
 */
export function classify(command) {
  const [program, ...args] = command.words;
  if (command.exported || program === undefined) {
    return { type: "env", env: command.env };
  }
  if (program === "npm" && ["install", "i", "add"].includes(args[0])) {
    const rest = args.slice(1);
    const global = rest.some((a) => a === "-g" || a === "--global");
    return { type: "npm-install", global, args: rest, env: command.env };
  }
  if (program === "npx" && args[0] === "lpkit-emulator") {
    return { type: "emulator", args: args.slice(1), env: command.env, background: command.background };
  }
  if (program === "curl") {
    return { type: "curl", args, env: command.env };
  }
  if (program === "pnpm") {
    return { type: "pnpm", args, env: command.env };
  }
  if (program === "node" && args.length > 0 && !args[0].startsWith("-")) {
    return { type: "node", file: args[0], args: args.slice(1), env: command.env };
  }
  return {
    type: "unknown",
    reason: `\`${command.words.join(" ")}\` is not a command the README runner runs or checks`,
  };
}

/**
 * The emulator's arguments as the runner starts it: a fixed `--port <n>` becomes `--port 0` (a free
 * port), so parallel runs never collide with each other or with a server the reader has running.
 * @example emulatorArgs(["--port", "4000", "--json"]) // ["--port", "0", "--json"]
 */
export function emulatorArgs(args) {
  const out = [...args];
  for (let i = 0; i < out.length; i += 1) {
    if (out[i] === "--port" && i + 1 < out.length) {
      out[i + 1] = "0";
    } else if (out[i].startsWith("--port=")) {
      out[i] = "--port=0";
    }
  }
  return out;
}

/**
 * What `pnpm <args>` would run: `{ package, script }` for a script (of the root, or of the package
 * `--filter` names), `{ bin }` for `pnpm exec <bin>` / a binary, `{ builtin }` for `pnpm install`.
 * `pnpm add` is refused: user-facing docs say `npm install`.
 * @example pnpmTarget(["--filter", "@lpkit/redis", "measure"]) // { package: "@lpkit/redis", script: "measure" }
 */
export function pnpmTarget(args) {
  let pkg = null;
  const rest = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === "--filter" || arg === "-F") {
      pkg = args[i + 1];
      i += 1;
    } else if (arg.startsWith("--filter=")) {
      pkg = arg.slice("--filter=".length);
    } else if (["-s", "--silent", "-r", "--recursive", "-w"].includes(arg)) {
      // flags that do not change which script runs
    } else {
      rest.push(arg);
    }
  }
  const [first, second] = rest;
  if (first === undefined) {
    return { error: "pnpm without a command" };
  }
  if (first === "add") {
    return { error: "`pnpm add` in docs: user-facing install lines use `npm install`" };
  }
  if (["install", "i"].includes(first)) {
    return { builtin: "install" };
  }
  if (first === "exec") {
    return { bin: second, package: pkg };
  }
  if (first === "run") {
    return { package: pkg, script: second };
  }
  return { package: pkg, script: first, orBin: true };
}

/**
 * The request a `curl` line makes, for a loopback URL: `{ method, url, headers, body }`. Understands
 * `-s`/`--silent`, `-X`/`--request`, `-H`/`--header`, `-d`/`--data` (POST unless `-X` says otherwise);
 * anything else is an error, so the runner never guesses.
 * @example curlRequest(["-s", "-X", "DELETE", "http://127.0.0.1:4000/__lpkit/faults"]).method // "DELETE"
 */
export function curlRequest(args) {
  const request = { method: null, url: null, headers: {}, body: undefined };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === "-s" || arg === "--silent") {
      continue;
    }
    if (arg === "-X" || arg === "--request") {
      request.method = args[++i];
    } else if (arg === "-H" || arg === "--header") {
      const [name, ...value] = String(args[++i]).split(":");
      request.headers[name.trim().toLowerCase()] = value.join(":").trim();
    } else if (arg === "-d" || arg === "--data") {
      request.body = args[++i];
    } else if (/^https?:\/\//.test(arg) && request.url === null) {
      request.url = arg;
    } else {
      throw new Error(`curl ${args.join(" ")}: the runner does not understand ${arg}`);
    }
  }
  if (!request.url || !/^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(request.url)) {
    throw new Error(`curl ${args.join(" ")}: only loopback URLs are sent`);
  }
  request.method ??= request.body === undefined ? "GET" : "POST";
  return request;
}
