// Attack 13.14 "global polyfill on import": importing @lpkit/emulator (which says sideEffects: false)
// installed a global `Reflect.getMetadata` because the TLS stack (selfsigned → @peculiar/x509 →
// reflect-metadata) was loaded even without TLS. Each check runs in a fresh Node process against
// the package as built for publishing.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, inject, it } from "vitest";

const entry = pathToFileURL(join(inject("builtPackage"), "dist", "index.js")).href;

function inFreshProcess(body: string): Record<string, unknown> {
  const script = `
    const globalsBefore = Object.getOwnPropertyNames(globalThis).sort();
    const reflectBefore = Object.getOwnPropertyNames(Reflect).sort();
    const lib = await import(${JSON.stringify(entry)});
    ${body}
    const globalsAfter = Object.getOwnPropertyNames(globalThis).sort();
    const reflectAfter = Object.getOwnPropertyNames(Reflect).sort();
    console.log(JSON.stringify({
      ...result,
      newGlobals: globalsAfter.filter((name) => !globalsBefore.includes(name)),
      newReflect: reflectAfter.filter((name) => !reflectBefore.includes(name)),
      getMetadata: typeof Reflect.getMetadata,
    }));
  `;
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  return JSON.parse(output.trim()) as Record<string, unknown>;
}

describe("importing @lpkit/emulator", () => {
  it("global polyfill on import: leaves Reflect.getMetadata undefined and adds no global", () => {
    const result = inFreshProcess("const result = { exports: Object.keys(lib).length };");
    expect(result.getMetadata).toBe("undefined");
    expect(result.newReflect).toEqual([]);
    expect(result.newGlobals).toEqual([]);
    expect(result.exports).toBeGreaterThan(0);
  });

  it("global polyfill on import: a plain-HTTP emulator never loads the TLS stack", () => {
    const result = inFreshProcess(`
      const emulator = lib.createEmulator();
      await emulator.start();
      const status = (await fetch(emulator.url + "/sentinel/well-known/jwks")).status;
      await emulator.stop();
      const result = { status };
    `);
    expect(result.status).toBe(200);
    expect(result.getMetadata).toBe("undefined");
    expect(result.newReflect).toEqual([]);
  });

  it("loads the certificate stack only when TLS is asked for", () => {
    const result = inFreshProcess(`
      const emulator = lib.createEmulator({ tls: true });
      await emulator.start();
      const hasCa = typeof emulator.ca === "string";
      await emulator.stop();
      const result = { hasCa };
    `);
    expect(result.hasCa).toBe(true);
    // The certificate library's own dependency installs it; documented in the README.
    expect(result.getMetadata).toBe("function");
  });
});
