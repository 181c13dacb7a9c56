/**
 * `lpkit-demo verify [jwt|-]`: verify an app token as a receiving service would — RS256 signature
 * (v2 against the JWKS of the account's Sentinel host, found through the Domain API; v1 against
 * the static key), issuer, audience and expiry.
 *
 * @module
 */
import { createDomainResolver } from "@lpkit/auth";
import { verifyAccessToken } from "@lpkit/auth/verify";
import { isLpkitError } from "@lpkit/core";
import type { CommandIo } from "../command-io.js";
import type { SentinelVersion } from "../config.js";
import { formatTime } from "../output/format.js";
import { describeError } from "../session/describe-error.js";
import { createFunctions } from "../session/functions.js";
import { reportFailure, type SubcommandOptions, withTarget, writeJson } from "./shared.js";

/**
 * What `verify` was asked to check.
 *
 * @example
 * ```ts
 * const args: VerifyArgs = { jwt: "eyJ…", version: "v2", accountId: undefined };
 * ```
 */
export interface VerifyArgs {
  /** The token; `undefined` offline = request one from the emulator first. */
  readonly jwt: string | undefined;
  readonly version: SentinelVersion | undefined;
  readonly accountId: string | undefined;
}

/**
 * Verifies the token; resolves to the exit status (1 when it does not verify).
 *
 * @example
 * ```ts
 * await verifyCommand(io, { env: process.env, mode: "live", forced: undefined }, { jwt, version: "v2", accountId: undefined });
 * ```
 */
export function verifyCommand(io: CommandIo, options: SubcommandOptions, args: VerifyArgs): Promise<number> {
  const required = args.accountId === undefined ? (["LP_ACCOUNT_ID"] as const) : [];
  return withTarget(io, "verify", options, required, async (target, settings) => {
    const accountId = args.accountId ?? target.accountId;
    const version = args.version ?? settings.sentinelVersion;
    let jwt = args.jwt;
    let source = "the given token";
    if (jwt === undefined) {
      // Offline only (the dispatcher requires a token live): a fresh token from the emulator.
      const lp = createFunctions({ ...target, sentinelVersion: version }, { logger: io.authLogger });
      try {
        jwt = (await lp.tokenManager.getToken()).accessToken;
        source = "a token just requested from the embedded emulator";
      } finally {
        lp.dispose();
      }
    }
    let sentinel: string | undefined;
    if (version === "v2") {
      const resolver = createDomainResolver({
        accountId,
        baseUrl: target.domainApi,
        fetch: target.fetch,
        now: target.now,
      });
      sentinel = await resolver.resolve("sentinel");
    }
    try {
      const verified = await verifyAccessToken(jwt, {
        accountId,
        version,
        ...(sentinel === undefined ? {} : { sentinel }),
        ...(version === "v1" && target.v1Keys ? { v1Keys: target.v1Keys } : {}),
        fetch: target.fetch,
        now: target.now,
      });
      if (io.json) {
        writeJson(io, {
          tool: "lpkit-demo",
          command: "verify",
          ok: true,
          valid: true,
          mode: target.mode,
          version,
          sentinel,
          header: verified.header,
          claims: verified.claims,
        });
        return 0;
      }
      const p = io.paint;
      const { claims } = verified;
      io.stdout.write(
        [
          `${p.green(p.bold("valid"))}: ${source} verifies for account ${accountId} (Sentinel ${version})`,
          `  signature  ${verified.header.alg} · kid ${verified.header.kid ?? "(none)"} · ${sentinel ? `JWKS of ${sentinel}` : target.v1Keys ? (target.mode === "emulator" ? "the emulator's v1 key" : "the v1 key in LP_V1_PUBLIC_KEY") : "LivePerson's published v1 key"}`,
          `  issuer     ${claims.iss}`,
          `  audience   ${Array.isArray(claims.aud) ? claims.aud.join(", ") : String(claims.aud)}`,
          `  client     ${String(claims.azp ?? "(none)")} · scope ${String(claims.scope ?? "(none)")}`,
          `  issued     ${formatTime(claims.iat * 1000)} · expires ${formatTime(claims.exp * 1000)}`,
          "",
        ].join("\n"),
      );
      return 0;
    } catch (error) {
      if (!isLpkitError(error) || !error.code.startsWith("ERR_JW")) {
        throw error;
      }
      if (!io.json) {
        io.stdout.write(
          `${io.paint.red(io.paint.bold("invalid"))}: ${source} does not verify for account ${accountId}\n`,
        );
      }
      return reportFailure(io, "verify", describeError(error, target.mode, target.secrets));
    }
  });
}
