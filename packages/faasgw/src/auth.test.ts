import { InvalidArgumentError } from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { bearerHeader, toAuthenticator } from "./auth.js";

const toAuthorizer = (auth: unknown) => {
  const checked = toAuthenticator(auth);
  return checked && ((context: { signal?: AbortSignal }) => checked.authorization(context));
};

import { rejection, thrown } from "./test-support/responses.js";

describe("bearerHeader", () => {
  it("adds the Bearer scheme when missing and keeps it when present", () => {
    expect(bearerHeader("abc.def.ghi")).toBe("Bearer abc.def.ghi");
    expect(bearerHeader("Bearer abc.def.ghi")).toBe("Bearer abc.def.ghi");
    expect(bearerHeader("bearer abc")).toBe("bearer abc");
    expect(bearerHeader("  tok  ")).toBe("Bearer tok");
  });
});

describe("toAuthenticator", () => {
  it("returns undefined when no auth is configured", () => {
    expect(toAuthorizer(undefined)).toBeUndefined();
  });

  it("turns a static token into a hook", async () => {
    await expect(toAuthorizer("tok-123")?.({})).resolves.toBe("Bearer tok-123");
  });

  it("passes the context to a hook and checks its answer", async () => {
    const signal = new AbortController().signal;
    const seen: (AbortSignal | undefined)[] = [];
    const authorize = toAuthorizer(async (ctx: { signal?: AbortSignal | undefined }) => {
      seen.push(ctx.signal);
      return "Bearer from-hook";
    });
    await expect(authorize?.({ signal })).resolves.toBe("Bearer from-hook");
    expect(seen).toEqual([signal]);
  });

  it("rejects a hook that resolves to something unusable, without echoing it", async () => {
    await expect(toAuthorizer(async () => "")?.({})).rejects.toBeInstanceOf(InvalidArgumentError);
    const bad = toAuthorizer(async () => "Bearer secret-value\r\nX-Evil: 1");
    const error = await rejection(bad?.({}) ?? Promise.resolve());
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(String((error as Error).message)).not.toContain("secret-value");
  });

  it("rejects bad static tokens and other types, without echoing them", () => {
    expect(() => toAuthorizer("")).toThrow(InvalidArgumentError);
    expect(() => toAuthorizer("   ")).toThrow(InvalidArgumentError);
    expect(() => toAuthorizer("tok\nX: y")).toThrow(/line breaks/);
    expect(() => toAuthorizer(42)).toThrow(InvalidArgumentError);
    const error = thrown(() => toAuthorizer("super-secret\n"));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).not.toContain("super-secret");
  });
});
