import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const dir = new URL("./", import.meta.url);
const shipped = readdirSync(dir).filter(
  (f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"),
);

describe("runs on Deno, browsers and Workers", () => {
  it("finds the shipped sources", () => {
    expect(shipped).toContain("client.ts");
    expect(shipped).toContain("decode-app-jwt.ts");
  });

  it.each(shipped)("%s imports no node: modules and uses no Node globals", (file) => {
    // Comments (JSDoc examples mention process.env) are not code.
    const source = readFileSync(new URL(file, dir), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    expect(source).not.toMatch(/from\s+["']node:/);
    expect(source).not.toMatch(/\bBuffer\b|\bprocess\.|\brequire\(/);
  });
});
