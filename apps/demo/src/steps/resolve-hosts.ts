/**
 * Step 1: find the account's `sentinel` and `faasGW` hosts through the Domain API — one lookup of
 * the account's service list serves both.
 *
 * @module
 */
import { conventionForHost } from "@lpkit/faasgw";
import { formatMs, plural, table } from "../output/format.js";
import type { DemoStep } from "./types.js";

/**
 * Resolves both hosts with the domain resolver and shows what the Domain API returned.
 *
 * @example
 * ```ts
 * await resolveHostsStep.run(context, recorder);
 * context.state.faasHost; // e.g. "fninvocations.localhost:41234"
 * ```
 */
export const resolveHostsStep: DemoStep = {
  id: "resolve-hosts",
  title: "Resolve the sentinel and faasGW hosts through the Domain API",
  essential: true,
  async run({ target, lp, state }, out) {
    const before = target.http.count("domain");
    let sentinel: string;
    let faasGW: string;
    try {
      [sentinel, faasGW] = await Promise.all([
        lp.resolver.resolve("sentinel"),
        lp.resolver.resolve("faasGW"),
      ]);
    } catch (error) {
      out.say(
        `asked the Domain API at ${target.domainApi} for account ${target.accountId}: no usable answer`,
      );
      throw error;
    }
    state.sentinelHost = sentinel;
    state.faasHost = faasGW;
    const lookups = target.http
      .records()
      .filter((record) => record.api === "domain")
      .slice(before);
    const services = Object.keys(lp.resolver.snapshot()?.hosts ?? {});
    const convention = conventionForHost(faasGW);

    for (const lookup of lookups) {
      out.say(
        `${lookup.method} ${lookup.url} → ${lookup.status ?? "no answer"} in ${formatMs(lookup.durationMs)}`,
      );
    }
    out.say(`the account lists ${plural(services.length, "service")}: ${services.join(", ")}`);
    out.say(
      ...table([
        ["sentinel", sentinel],
        [
          "faasGW",
          `${faasGW}  (Functions ${convention.toUpperCase()} convention${convention === "v2" ? ": the host contains fninvocations" : ""})`,
        ],
      ]).map((line) => `  ${line}`),
    );
    out.detail("domainApi", target.domainApi);
    out.detail("sentinel", sentinel);
    out.detail("faasGW", faasGW);
    out.detail("convention", convention);
    out.detail("services", services);
    out.detail("lookups", lookups.length);

    out.check("both hosts found", sentinel !== "" && faasGW !== "");
    out.check(
      "one Domain API lookup served both services",
      lookups.length === 1,
      plural(lookups.length, "lookup"),
    );
    const emulator = target.emulator?.emulator;
    if (emulator) {
      const counted = emulator.stats().domainLookups.total;
      out.check("the emulator counted the same lookup", counted === lookups.length, `emulator: ${counted}`);
    }
  },
};
