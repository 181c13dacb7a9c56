import { describe, expect, expectTypeOf, it } from "vitest";
import { type CommandName, type ParsedArgs, parseCliArgs, USAGE, UsageError } from "./cli-args.js";

describe("parseCliArgs", () => {
  it("runs the walk-through without a command", () => {
    expect(parseCliArgs([])).toEqual({
      command: "demo",
      flags: { json: false, debug: false, mode: undefined, help: false },
    });
    expect(parseCliArgs(["--json", "--debug"])).toMatchObject({
      command: "demo",
      flags: { json: true, debug: true },
    });
  });

  it("ignores the leading -- that `pnpm demo -- …` passes on", () => {
    expect(parseCliArgs(["--", "token", "--decode"])).toMatchObject({ command: "token", decode: true });
    expect(parseCliArgs(["--", "--json"])).toMatchObject({ command: "demo", flags: { json: true } });
  });

  it("parses each subcommand", () => {
    expect(parseCliArgs(["domains", "12345678"])).toMatchObject({
      command: "domains",
      accountId: "12345678",
    });
    expect(parseCliArgs(["domains"])).toMatchObject({ command: "domains", accountId: undefined });
    expect(parseCliArgs(["token"])).toMatchObject({ command: "token", decode: false });
    expect(parseCliArgs(["verify", "-", "--version", "v1", "--account", "123"])).toMatchObject({
      command: "verify",
      jwt: "-",
      version: "v1",
      accountId: "123",
    });
    expect(
      parseCliArgs([
        "invoke",
        "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "--payload",
        '{"a":1}',
        "--user-id",
        "u1",
      ]),
    ).toMatchObject({
      command: "invoke",
      lambdaUuid: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
      payload: '{"a":1}',
      userId: "u1",
    });
  });

  it("reads --emulator, --live and -h", () => {
    expect(parseCliArgs(["--emulator"]).flags.mode).toBe("emulator");
    expect(parseCliArgs(["token", "--live"]).flags.mode).toBe("live");
    expect(parseCliArgs(["invoke", "-h"]).flags.help).toBe(true);
  });

  it("refuses malformed command lines with a UsageError naming the command", () => {
    const cases: [string[], CommandName, RegExp][] = [
      [["frobnicate"], "demo", /unknown command "frobnicate"/],
      [["--bogus"], "demo", /bogus/],
      [["token", "--payload", "x"], "token", /payload/],
      [["--emulator", "--live"], "demo", /cannot be used together/],
      [["verify", "--version", "v3"], "verify", /--version must be v1 or v2/],
      [["domains", "1", "2"], "domains", /unexpected argument "2"/],
      [["demo-extra"], "demo", /unknown command/],
    ];
    for (const [argv, command, message] of cases) {
      let error: unknown;
      try {
        parseCliArgs(argv);
      } catch (caught) {
        error = caught;
      }
      expect(error, argv.join(" ")).toBeInstanceOf(UsageError);
      expect((error as UsageError).command).toBe(command);
      expect((error as UsageError).message).toMatch(message);
    }
  });

  it("has help for every command", () => {
    for (const command of ["demo", "domains", "token", "verify", "invoke"] as const) {
      expect(USAGE[command]).toMatch(/^Usage: lpkit-demo/);
      expect(USAGE[command]).toContain("--json");
    }
    expect(USAGE.demo).toContain("LP_CLIENT_SECRET");
  });

  it("narrows the parsed arguments by command", () => {
    const args = parseCliArgs(["token"]);
    if (args.command === "token") {
      expectTypeOf(args.decode).toEqualTypeOf<boolean>();
    }
    expectTypeOf<Extract<ParsedArgs, { command: "invoke" }>["lambdaUuid"]>().toEqualTypeOf<
      string | undefined
    >();
  });
});
