/**
 * The pre-0.2 place of `verifyAccessToken`, kept for one minor release: it loads
 * `@lpkit/auth/verify` (and with it jose) on first use only, so the main entry still never imports
 * jose. Import it from `@lpkit/auth/verify` instead.
 *
 * @module
 */
import type { VerifiedAccessToken, VerifyOptions } from "./verify/index.js";

/**
 * @deprecated Moved to `@lpkit/auth/verify` (`import { verifyAccessToken } from "@lpkit/auth/verify"`);
 * this alias goes in the next minor release.
 */
export async function verifyAccessToken(
  jwt: string,
  options: VerifyOptions & { signal?: AbortSignal | undefined },
): Promise<VerifiedAccessToken> {
  const verify = await import("./verify/index.js");
  return verify.verifyAccessToken(jwt, options);
}
