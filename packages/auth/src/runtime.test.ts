import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { setup } from "./test-support/setup.js";
import { createMemoryTokenStore } from "./token-store.js";

const srcDir = new URL(".", import.meta.url);
const sources = readdirSync(srcDir, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.startsWith("test-support"))
  .map((file) => ({ file, text: readFileSync(new URL(file, srcDir), "utf8") }));

describe("12. runtimes", () => {
  it("12. runtimes: no node: imports, no require, no Node-only globals in the package sources", () => {
    expect(sources.length).toBeGreaterThan(15);
    for (const { file, text } of sources) {
      const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
      expect(code, file).not.toMatch(/from\s+["']node:/);
      expect(code, file).not.toMatch(/import\(\s*["']node:/);
      expect(code, file).not.toMatch(/\brequire\s*\(/);
      const withoutStrings = code.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""');
      expect(withoutStrings, file).not.toMatch(/\b(process|Buffer|__dirname|__filename|setImmediate)\b/);
    }
  });

  it("12. runtimes: imports only web-standard-friendly packages (lpkit clients, jose, openapi-fetch)", () => {
    expect(sources.map((s) => s.file)).toContain("connector/live-person-connector.ts");
    const allowed = new Set([
      "@lpkit/core",
      "@lpkit/core/internal",
      "@lpkit/domain",
      "@lpkit/sentinel",
      "@lpkit/faasgw",
      "@lpkit/idp",
      "@lpkit/connector",
      "jose",
      "openapi-fetch",
    ]);
    for (const { file, text } of sources) {
      const code = text.replace(/\/\*[\s\S]*?\*\//g, "");
      for (const match of code.matchAll(/from\s+["']([^"'.][^"']*)["']/g)) {
        expect(allowed.has(match[1]!), `${file} imports ${match[1]}`).toBe(true);
      }
    }
    const pkg = JSON.parse(readFileSync(new URL("../package.json", srcDir), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies).every((dep) => allowed.has(dep))).toBe(true);
  });

  it("12. runtimes: the build compiles without Node's types (types: [])", () => {
    const tsconfig = JSON.parse(readFileSync(new URL("../tsconfig.build.json", srcDir), "utf8")) as {
      compilerOptions: { types?: string[] };
      exclude?: string[];
    };
    expect(tsconfig.compilerOptions.types).toEqual([]);
    expect(tsconfig.exclude).toEqual(expect.arrayContaining(["src/**/*.test.ts", "src/**/test-support/**"]));
  });

  it("12. runtimes: works with only web globals — fetch Request/Response, AbortSignal, WebCrypto, TextEncoder", async () => {
    expect(typeof globalThis.crypto.subtle.importKey).toBe("function");
    const { manager } = setup({ store: createMemoryTokenStore() });
    const token = await manager.getToken({ signal: new AbortController().signal });
    expect(token.accessToken.split(".")).toHaveLength(3);
  });
});
