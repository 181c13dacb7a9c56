/**
 * Step 4 (emulator only): the token reaches its refresh window and is replaced in the background
 * while calls go on. Nothing waits in real time: the emulator's clock — which the token manager
 * also reads — is moved forward into the window. The refresh itself is a real token request to
 * the emulator's Sentinel.
 *
 * @module
 */
import type { TokenRefreshedEvent, TokenRefreshFailedEvent } from "@lpkit/auth";
import { formatMs, formatTime, plural } from "../output/format.js";
import { timedInvoke } from "./invoke-timed.js";
import { type DemoStep, EMULATOR_ONLY } from "./types.js";

/**
 * Calls fired at once when the token is in its refresh window.
 *
 * @example
 * ```ts
 * await Promise.allSettled(Array.from({ length: CALLS_DURING_REFRESH }, (_, i) => timedInvoke(context, i)));
 * ```
 */
export const CALLS_DURING_REFRESH = 3;
/**
 * Calls made after the refresh, which must carry the new token.
 *
 * @example
 * ```ts
 * afterCalls.length === CALLS_AFTER_REFRESH;
 * ```
 */
export const CALLS_AFTER_REFRESH = 2;
/**
 * Longest real wait for the background refresh to finish: a hang guard, never a time bound (the wait
 * ends with the refresh's event; 5 s left a thin margin for a token request on a busy machine).
 *
 * @example
 * ```ts
 * setTimeout(() => resolve("timeout"), REFRESH_WAIT_MS);
 * ```
 */
export const REFRESH_WAIT_MS = 30_000;

type RefreshOutcome = TokenRefreshedEvent | TokenRefreshFailedEvent | "timeout";

/**
 * Moves the emulator clock into the refresh window and shows the background refresh.
 *
 * @example
 * ```ts
 * await backgroundRefreshStep.run(context, recorder);
 * context.state.refreshed; // true
 * ```
 */
export const backgroundRefreshStep: DemoStep = {
  id: "background-refresh",
  title: "Reach the refresh window: the token is renewed in the background, no call fails",
  essential: false,
  async run(context, out) {
    const { target, lp, state } = context;
    const emulatorTarget = target.emulator;
    if (!emulatorTarget) {
      out.skip(`${EMULATOR_ONLY}: it needs control over the token clock`);
      return;
    }
    const { emulator } = emulatorTarget;
    const token = await lp.tokenManager.getToken();
    const plan = lp.tokenManager.refreshPlan(token);
    const softMs = token.expiresAt - plan.backgroundRefreshAt;
    const hardMs = token.expiresAt - plan.waitFrom;
    // Aim for the middle of the soft window: refresh in the background, nobody waits.
    const leftMs = Math.round((softMs + hardMs) / 2);
    const jumpMs = Math.max(0, token.expiresAt - target.now() - leftMs);
    emulator.clock.advance(jumpMs);
    out.say(
      `refresh window of a ${Math.round((token.expiresAt - token.issuedAt) / 1000)} s token: background refresh in the last ${formatMs(softMs)}, callers wait only in the last ${formatMs(hardMs)}`,
      `moved the emulator clock (which the token manager reads) ${formatMs(jumpMs)} forward: token #1 has ${formatMs(token.expiresAt - target.now())} left`,
    );

    const issuedBefore = emulator.stats().tokens.issued;
    const tokenRequestsBefore = target.http.count("sentinel-token");
    const faasBefore = target.http.count("faasgw");
    const refreshed = new Promise<RefreshOutcome>((resolve) => {
      const timer = setTimeout(() => resolve("timeout"), REFRESH_WAIT_MS);
      const done = (event: TokenRefreshedEvent | TokenRefreshFailedEvent) => {
        clearTimeout(timer);
        stopRefreshed();
        stopFailed();
        resolve(event);
      };
      const stopRefreshed = lp.tokenManager.on("token-refreshed", done);
      const stopFailed = lp.tokenManager.on("token-refresh-failed", done);
    });

    const during = await Promise.allSettled(
      Array.from({ length: CALLS_DURING_REFRESH }, (_, i) => timedInvoke(context, 100 + i)),
    );
    const outcome = await refreshed;
    const after = await Promise.allSettled(
      Array.from({ length: CALLS_AFTER_REFRESH }, (_, i) => timedInvoke(context, 200 + i)),
    );
    const newToken = await lp.tokenManager.getToken();
    const newSerial = target.http.tokens.serialOf(newToken.accessToken);
    const oldSerial = target.http.tokens.serialOf(token.accessToken);

    const calls = target.http
      .records()
      .filter((record) => record.api === "faasgw")
      .slice(faasBefore);
    const duringCalls = calls.slice(0, CALLS_DURING_REFRESH);
    const afterCalls = calls.slice(CALLS_DURING_REFRESH);
    const failed = [...during, ...after].filter((result) => result.status === "rejected").length;
    const refused = calls.filter((record) => record.status === 401).length;
    const tokenRequests = target.http.count("sentinel-token") - tokenRequestsBefore;
    const issued = emulator.stats().tokens.issued - issuedBefore;
    state.refreshed = outcome !== "timeout" && outcome.type === "token-refreshed" && outcome.renewed;

    const serialsOf = (records: typeof calls) =>
      records.map((record) => `#${record.tokenSerial ?? "?"}`).join(" ");
    out.say(
      `${CALLS_DURING_REFRESH} calls fired at once carried tokens ${serialsOf(duringCalls)} — served right away, none waited`,
    );
    if (outcome === "timeout") {
      out.say(`no refresh finished within ${formatMs(REFRESH_WAIT_MS)}`);
    } else if (outcome.type === "token-refresh-failed") {
      out.say(`the background refresh failed: ${outcome.error.code} ${outcome.error.message}`);
    } else {
      out.say(
        `background refresh: 1 token request, ${formatMs(outcome.durationMs)}; token #${newSerial} expires ${formatTime(outcome.expiresAt)} (token #${oldSerial}: ${formatTime(outcome.previousExpiresAt)})`,
      );
    }
    out.say(
      `${CALLS_AFTER_REFRESH} calls after the refresh carried tokens ${serialsOf(afterCalls)}; failed calls: ${failed}`,
    );

    out.detail("clockAdvancedMs", jumpMs);
    out.detail("windows", { softMs, hardMs, leftMs });
    out.detail("refresh", outcome === "timeout" ? { outcome: "timeout" } : outcome);
    out.detail("tokenSerials", {
      during: duringCalls.map((r) => r.tokenSerial),
      after: afterCalls.map((r) => r.tokenSerial),
    });
    out.detail("failedCalls", failed);
    out.detail("tokenRequests", tokenRequests);

    out.check(
      "the refresh ran in the background and renewed the token",
      outcome !== "timeout" && outcome.type === "token-refreshed" && outcome.background && outcome.renewed,
    );
    out.check(
      "it was one real token request to the emulator",
      tokenRequests === 1 && issued === 1,
      `${plural(tokenRequests, "request")}, ${issued} issued`,
    );
    out.check(
      "no call failed or was refused",
      failed === 0 && refused === 0,
      `${failed} failed, ${refused} refused`,
    );
    out.check(
      "the calls after the refresh carried the new token",
      newSerial !== oldSerial &&
        afterCalls.length === CALLS_AFTER_REFRESH &&
        afterCalls.every((r) => r.tokenSerial === newSerial),
    );
  },
};
