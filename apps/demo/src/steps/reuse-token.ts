/**
 * Step 3: invoke the demo lambda several times. The token from step 2 is reused for every call:
 * no further token request is made (counted from the recorded HTTP exchanges, the token events and,
 * offline, the emulator's own counters).
 *
 * @module
 */
import { formatMs, plural, preview } from "../output/format.js";
import { timedInvoke } from "./invoke-timed.js";
import type { DemoStep } from "./types.js";

/**
 * How many times step 3 invokes the lambda.
 *
 * @example
 * ```ts
 * for (let call = 1; call <= REUSE_CALLS; call++) await timedInvoke(context, call);
 * ```
 */
export const REUSE_CALLS = 5;

/**
 * Invokes the lambda {@link REUSE_CALLS} times and proves the token was reused.
 *
 * @example
 * ```ts
 * await reuseTokenStep.run(context, recorder);
 * ```
 */
export const reuseTokenStep: DemoStep = {
  id: "reuse-token",
  title: `Invoke the lambda ${REUSE_CALLS} times with the same token`,
  essential: false,
  async run(context, out) {
    const { target, events, state } = context;
    const tokenRequestsBefore = target.http.count("sentinel-token");
    const eventsBefore = events.length;
    const issuedBefore = target.emulator?.emulator.stats().tokens.issued;
    const faasBefore = target.http.count("faasgw");

    const latencies: number[] = [];
    let first: unknown;
    let status: number | undefined;
    for (let call = 1; call <= REUSE_CALLS; call++) {
      const { response, ms } = await timedInvoke(context, call);
      latencies.push(ms);
      if (call === 1) {
        first = response.data;
        status = response.status;
      }
    }
    const calls = target.http
      .records()
      .filter((record) => record.api === "faasgw")
      .slice(faasBefore);
    const serials = [...new Set(calls.map((record) => record.tokenSerial))];
    const tokenRequests = target.http.count("sentinel-token") - tokenRequestsBefore;
    const tokenEvents = events.slice(eventsBefore).filter((e) => e.type.startsWith("token-")).length;

    out.say(
      `lambda ${target.lambdaUuid} answered ${REUSE_CALLS} times (HTTP ${status}): ${latencies.map((ms) => formatMs(ms)).join(", ")}`,
      `first result: ${preview(first, 110)}`,
      `every call carried token #${serials.join(", #")}; token requests during these calls: ${tokenRequests}`,
    );
    out.detail("calls", REUSE_CALLS);
    out.detail("status", status);
    out.detail("latencyMs", latencies);
    out.detail("firstResult", first);
    out.detail("tokenSerials", serials);
    out.detail("tokenRequests", tokenRequests);

    out.check(
      `all ${REUSE_CALLS} calls succeeded`,
      calls.length === REUSE_CALLS && calls.every((c) => (c.status ?? 0) < 300),
    );
    out.check(
      "every call reused the token from step 2",
      serials.length === 1 &&
        state.token !== undefined &&
        serials[0] === target.http.tokens.serialOf(state.token.accessToken),
      `token #${serials.join(", #")}`,
    );
    out.check(
      "no further token requests",
      tokenRequests === 0 && tokenEvents === 0,
      plural(tokenRequests, "request"),
    );
    const emulator = target.emulator?.emulator;
    if (emulator && issuedBefore !== undefined) {
      const issued = emulator.stats().tokens.issued - issuedBefore;
      out.check("the emulator issued no token meanwhile", issued === 0, `${issued} issued`);
    }
  },
};
