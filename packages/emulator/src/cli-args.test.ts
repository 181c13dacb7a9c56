import { describe, expect, it } from "vitest";
import { parseCliArgs } from "./cli-args.js";

describe("parseCliArgs", () => {
  it("has defaults", () => {
    expect(parseCliArgs([])).toEqual({
      port: 0,
      host: "127.0.0.1",
      tls: false,
      config: undefined,
      tokenTtlSec: undefined,
      caOut: undefined,
      json: false,
      help: false,
    });
  });

  it("reads every flag", () => {
    expect(
      parseCliArgs([
        "--port",
        "8080",
        "--host",
        "0.0.0.0",
        "--tls",
        "--ca-out",
        "ca.pem",
        "--config",
        "e.yaml",
        "--token-ttl",
        "60",
        "--json",
      ]),
    ).toEqual({
      port: 8080,
      host: "0.0.0.0",
      tls: true,
      config: "e.yaml",
      tokenTtlSec: 60,
      caOut: "ca.pem",
      json: true,
      help: false,
    });
    expect(parseCliArgs(["-h"]).help).toBe(true);
  });

  it.each([
    [["--port", "70000"]],
    [["--port", "abc"]],
    [["--token-ttl", "0"]],
    [["--ca-out", "x.pem"]],
    [["--bogus"]],
    [["positional"]],
  ])("refuses %j", (argv) => {
    expect(() => parseCliArgs(argv)).toThrow();
  });
});
