/**
 * `lpkit-demo domains [account]`: every service the Domain API lists for an account, with its host.
 *
 * @module
 */
import { createDomainClient } from "@lpkit/domain";
import type { CommandIo } from "../command-io.js";
import { plural, table } from "../output/format.js";
import { type SubcommandOptions, withTarget, writeJson } from "./shared.js";

/**
 * Lists the account's services; resolves to the exit status.
 *
 * @example
 * ```ts
 * await domainsCommand(io, { env: process.env, mode: "live", forced: "live" }, "12345678");
 * ```
 */
export function domainsCommand(
  io: CommandIo,
  options: SubcommandOptions,
  account: string | undefined,
): Promise<number> {
  const required = account === undefined ? (["LP_ACCOUNT_ID"] as const) : [];
  return withTarget(io, "domains", options, required, async (target) => {
    const accountId = account ?? target.accountId;
    const client = createDomainClient({ baseUrl: target.domainApi, fetch: target.fetch });
    const services = await client.listServices(accountId);
    if (io.json) {
      writeJson(io, {
        tool: "lpkit-demo",
        command: "domains",
        ok: true,
        mode: target.mode,
        domainApi: target.domainApi,
        accountId,
        services,
      });
      return 0;
    }
    io.stdout.write(
      `${io.paint.bold(`${plural(services.length, "service")} of account ${accountId}`)} ${io.paint.dim(`(Domain API ${target.domainApi})`)}\n`,
    );
    const rows = [...services]
      .sort((a, b) => a.service.localeCompare(b.service))
      .map((entry) => [entry.service, entry.baseURI]);
    for (const line of table(rows)) {
      io.stdout.write(`  ${line}\n`);
    }
    return 0;
  });
}
