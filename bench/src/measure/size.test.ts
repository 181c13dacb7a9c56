import { describe, expect, it } from "vitest";
import { packageOf, REQUIRE_BANNER } from "./size.js";

describe("packageOf", () => {
  it("names the npm package of a bundled file, scoped or not", () => {
    expect(packageOf("../node_modules/.pnpm/got@11.8.6/node_modules/got/dist/source/index.js")).toBe("got");
    expect(packageOf("node_modules/.pnpm/@hapi+hoek@9/node_modules/@hapi/hoek/lib/index.js")).toBe(
      "@hapi/hoek",
    );
  });

  it("names workspace packages and the program itself", () => {
    expect(packageOf("../packages/faasgw/dist/client.js")).toBe("@lpkit/faasgw");
    expect(packageOf("dist/programs/lpkit.js")).toBe("(program)");
  });

  it("gives CommonJS dependencies a require in the ESM bundle", () => {
    expect(REQUIRE_BANNER).toMatch(/createRequire/);
    expect(REQUIRE_BANNER).toMatch(/const require=/);
  });
});
