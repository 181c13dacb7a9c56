/**
 * `lpkit-demo token [--decode]`: request an app token. Prints the token itself (the one output of
 * the demo that is a token, so it can be piped to `verify -` or `curl`), or with `--decode` its
 * header, claims and expiry instead. The client secret is never printed.
 *
 * @module
 */
import { decodeAccessToken } from "@lpkit/auth";
import type { CommandIo } from "../command-io.js";
import { formatTime } from "../output/format.js";
import { createFunctions } from "../session/functions.js";
import { type SubcommandOptions, withTarget, writeJson } from "./shared.js";

/**
 * Requests a token; resolves to the exit status.
 *
 * @example
 * ```ts
 * await tokenCommand(io, { env: process.env, mode: "live", forced: undefined }, { decode: true });
 * ```
 */
export function tokenCommand(
  io: CommandIo,
  options: SubcommandOptions,
  args: { decode: boolean },
): Promise<number> {
  return withTarget(
    io,
    "token",
    options,
    ["LP_ACCOUNT_ID", "LP_CLIENT_ID", "LP_CLIENT_SECRET"],
    async (target) => {
      const lp = createFunctions(target, { logger: io.authLogger });
      try {
        const token = await lp.tokenManager.getToken();
        const offlineNote =
          target.mode === "emulator"
            ? "an embedded-emulator token: it verifies only against that emulator, which has stopped"
            : undefined;
        if (args.decode) {
          const { header, claims } = decodeAccessToken(token.accessToken);
          if (io.json) {
            writeJson(io, {
              tool: "lpkit-demo",
              command: "token",
              ok: true,
              mode: target.mode,
              tokenType: token.tokenType,
              issuedAt: token.issuedAt,
              expiresAt: token.expiresAt,
              header,
              claims,
            });
            return 0;
          }
          const p = io.paint;
          io.stdout.write(
            [
              `${p.bold(`${token.tokenType} token`)} for account ${target.accountId} (Sentinel ${target.sentinelVersion}, ${target.mode})`,
              `  issued   ${formatTime(token.issuedAt)}`,
              `  expires  ${formatTime(token.expiresAt)} (in ${Math.round((token.expiresAt - target.now()) / 1000)} s)`,
              `  header   ${JSON.stringify(header)}`,
              `  claims   ${JSON.stringify(claims)}`,
              ...(offlineNote ? [p.dim(`  (${offlineNote})`)] : []),
              "",
            ].join("\n"),
          );
          return 0;
        }
        if (io.json) {
          writeJson(
            io,
            {
              tool: "lpkit-demo",
              command: "token",
              ok: true,
              mode: target.mode,
              tokenType: token.tokenType,
              issuedAt: token.issuedAt,
              expiresAt: token.expiresAt,
              accessToken: token.accessToken,
            },
            "tokenStdout",
          );
          return 0;
        }
        io.tokenStdout.write(`${token.accessToken}\n`);
        if (io.stdout.isTTY) {
          io.stderr.write(
            io.paint.dim(
              `(${token.tokenType}, expires ${formatTime(token.expiresAt)}${offlineNote ? `; ${offlineNote}` : ""})\n`,
            ),
          );
        }
        return 0;
      } finally {
        lp.dispose();
      }
    },
  );
}
