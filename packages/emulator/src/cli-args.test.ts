import { describe, expect, it } from "vitest";
import { parseCliArgs, UsageError } from "./cli-args.js";

describe("parseCliArgs", () => {
  it("has defaults", () => {
    expect(parseCliArgs([])).toEqual({
      port: 0,
      host: "127.0.0.1",
      expose: false,
      tls: false,
      config: undefined,
      tokenTtlSec: undefined,
      caOut: undefined,
      json: false,
      printEnv: false,
      log: false,
      faults: [],
      clock: undefined,
      cors: [],
      tokensPerMinute: undefined,
      admin: true,
      help: false,
      version: false,
    });
  });

  it("reads every flag", () => {
    expect(
      parseCliArgs([
        "--port",
        "8080",
        "--host",
        "0.0.0.0",
        "--expose",
        "--tls",
        "--ca-out",
        "ca.pem",
        "--config",
        "e.yaml",
        "--token-ttl",
        "60",
        "--json",
        "--log",
        "--fault",
        "faasgw.invoke:status=503,times=1",
        "--fault",
        '{"route":"*","latencyMs":5}',
        "--clock",
        "+1h",
        "--cors",
        "http://localhost:5173",
        "--cors",
        "http://127.0.0.1:8080",
        "--rate-limit",
        "5",
        "--no-admin",
      ]),
    ).toEqual({
      port: 8080,
      host: "0.0.0.0",
      expose: true,
      tls: true,
      config: "e.yaml",
      tokenTtlSec: 60,
      caOut: "ca.pem",
      json: true,
      printEnv: false,
      log: true,
      faults: [
        { route: "faasgw.invoke", status: 503, times: 1 },
        { route: "*", latencyMs: 5 },
      ],
      clock: { kind: "advance", ms: 3_600_000 },
      cors: ["http://localhost:5173", "http://127.0.0.1:8080"],
      tokensPerMinute: 5,
      admin: false,
      help: false,
      version: false,
    });
    expect(parseCliArgs(["-h"]).help).toBe(true);
    expect(parseCliArgs(["-v"]).version).toBe(true);
    expect(parseCliArgs(["--host", "localhost"]).host).toBe("localhost");
    expect(parseCliArgs(["--host", "::1"]).host).toBe("::1");
  });

  it.each([
    [["--port", "70000"], "--port must be an integer from 0 to 65535"],
    [["--port", "abc"], "--port must be an integer"],
    [["--port", ""], "--port must be an integer"],
    [["--port"], "--port needs a value"],
    [["--token-ttl", "0"], "--token-ttl must be an integer from 1"],
    [["--rate-limit", "0"], "--rate-limit must be an integer from 1"],
    [["--ca-out", "x.pem"], "--ca-out needs --tls"],
    [
      ["--print-env", "--json"],
      "--print-env and --json exclude each other (the JSON summary has an env object)",
    ],
    [["--bogus"], "unknown option --bogus"],
    [["--json=1"], "--json takes no value"],
    [["positional"], "unexpected argument positional"],
    [["--host", "0.0.0.0"], "--host 0.0.0.0 is not a loopback address: add --expose"],
    [["--host", "192.168.1.20"], "add --expose"],
    [["--host", "sentinel.localhost"], "add --expose"],
    [["--clock", "tomorrow"], "neither an ISO 8601 date-time"],
    [["--fault", "nope.route:status=500"], 'unknown route "nope.route"'],
    [["--fault", "faasgw.invoke:colour=red"], 'unknown key "colour"'],
    [["--cors", "localhost:5173"], "is not an origin"],
  ])("refuses %j with one line", (argv, message) => {
    let caught: unknown;
    try {
      parseCliArgs(argv);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as Error).message).toContain(message);
    expect((caught as Error).message).not.toContain("\n");
  });
});
