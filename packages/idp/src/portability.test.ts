import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const dir = new URL("./", import.meta.url);
const shipped = readdirSync(dir).filter(
  (f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"),
);

describe("runs on Node, Bun, Deno, browsers and Workers", () => {
  it("finds the shipped sources", () => {
    expect(shipped).toEqual(expect.arrayContaining(["consumer-jws-answer.ts", "decode-consumer-jws.ts"]));
  });

  it.each(shipped)("%s imports no node: modules and uses no Node globals", (file) => {
    const source = readFileSync(new URL(file, dir), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    expect(source).not.toMatch(/from\s+["']node:/);
    expect(source).not.toMatch(/\bBuffer\b|\bprocess\.|\brequire\(/);
  });
});
