import { describe, expect, it } from "vitest";
import { parseBenchArgs, USAGE } from "./cli-args.js";

describe("parseBenchArgs", () => {
  it("defaults to the full run writing the committed files", () => {
    expect(parseBenchArgs([])).toEqual({
      quick: false,
      outDir: undefined,
      cpuProfileDir: undefined,
      only: undefined,
      help: false,
    });
  });

  it("reads --quick, --out-dir, --cpu-prof and --help", () => {
    expect(parseBenchArgs(["--quick", "--out-dir", "/tmp/x", "--cpu-prof", "/tmp/p", "-h"])).toEqual({
      quick: true,
      outDir: "/tmp/x",
      cpuProfileDir: "/tmp/p",
      only: undefined,
      help: true,
    });
    expect(parseBenchArgs(["--only", "fleet"]).only).toBe("fleet");
    expect(parseBenchArgs(["--only", "clients"]).only).toBe("clients");
  });

  it("refuses unknown options and positionals", () => {
    expect(() => parseBenchArgs(["--fast"])).toThrow();
    expect(() => parseBenchArgs(["quick"])).toThrow();
    expect(() => parseBenchArgs(["--only", "everything"])).toThrow(/--only/);
  });

  it("documents every option", () => {
    for (const option of ["--quick", "--only", "--out-dir", "--cpu-prof", "--help"]) {
      expect(USAGE).toContain(option);
    }
  });
});
