// @module scripts/spec-citations.test
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { internalCitations } from "./spec-citations.mjs";

describe("internalCitations", () => {
  it("finds seed file names, research-notes files and local paths", () => {
    const text = [
      "- `001_f8e516b912037803.txt` (Client Credentials)",
      "- lpkit research notes (`liveperson-apis.md` §3)",
      "- see /work/shared/reference/x.md",
      "summary: The sample response from the documentation (000, 002)",
    ].join("\n");
    assert.deepEqual(
      internalCitations(text).map(({ line, what }) => [line, what]),
      [
        [1, "a seed document's file name"],
        [2, "a research-notes file"],
        [2, "lpkit's research notes"],
        [3, "a local path"],
        [4, "a seed document's number"],
      ],
    );
  });

  it("passes public URLs", () => {
    assert.deepEqual(internalCitations("<https://developers.liveperson.com/domain-api.html>"), []);
  });

  it("finds none in the repository's specs", () => {
    for (const file of readdirSync("specs").filter((name) => name.endsWith(".yaml"))) {
      assert.deepEqual(internalCitations(readFileSync(`specs/${file}`, "utf8")), [], file);
    }
  });
});
