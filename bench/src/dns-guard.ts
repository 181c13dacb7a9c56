/**
 * Preloaded (`node --import`) into every process that runs a contender. LivePerson's official client
 * hard-codes `http://adminlogin.liveperson.net` for the Domain API; inside this process only, that
 * name resolves to the target's loopback address (`BENCH_TARGET_IP`: the emulator or nginx) and **every other name is
 * refused**, so nothing a contender does can leave the machine. IP literals (which the emulator hands
 * out as Sentinel and faasGW hosts) never reach `dns.lookup`. Every contender runs with this guard,
 * so its (tiny) cost is the same for all.
 *
 * @module
 */
import dns from "node:dns";

/** The only name the guard resolves. */
export const ROUTED_NAME = "adminlogin.liveperson.net";

type LookupCallback = (error: NodeJS.ErrnoException | null, address?: unknown, family?: number) => void;

/**
 * Replaces `dns.lookup` with one that answers {@link ROUTED_NAME} with `target` and refuses the rest.
 *
 * @example
 * ```ts
 * installDnsGuard("127.88.1.2");
 * ```
 */
export function installDnsGuard(target: string): void {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(target)) {
    throw new Error(`bench DNS guard: ${target} is not a loopback address`);
  }
  const lookup = (hostname: string, options: unknown, callback?: LookupCallback): void => {
    const done = (typeof options === "function" ? options : callback) as LookupCallback;
    const all =
      typeof options === "object" && options !== null && (options as { all?: boolean }).all === true;
    if (hostname.toLowerCase() !== ROUTED_NAME) {
      const error: NodeJS.ErrnoException = Object.assign(
        new Error(`getaddrinfo ENOTFOUND ${hostname} (refused by the bench DNS guard)`),
        { code: "ENOTFOUND", hostname },
      );
      process.nextTick(done, error);
      return;
    }
    if (all) {
      process.nextTick(done, null, [{ address: target, family: 4 }]);
    } else {
      process.nextTick(done, null, target, 4);
    }
  };
  (dns as { lookup: unknown }).lookup = lookup;
}

const target = process.env.BENCH_TARGET_IP;
if (target) {
  installDnsGuard(target);
}
