// Attack 13.11 "listen on every interface": `lpkit-emulator --host 0.0.0.0` served every interface
// with no opt-in and printed `listening on http://127.0.0.1:…`. Now a host other than loopback needs
// `expose: true` (`--expose`), and the address actually bound is reported.
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "./emulator.js";
import { isLoopbackAddress, isLoopbackHost, isLoopbackHostHeader } from "./loopback.js";

const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.stop()));
});

async function started(options: Parameters<typeof createEmulator>[0]): Promise<Emulator> {
  const emulator = createEmulator(options);
  await emulator.start();
  running.push(emulator);
  return emulator;
}

describe("listen on every interface", () => {
  it.each(["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "sentinel.localhost", "example.com"])(
    "refuses host %s without expose",
    (host) => {
      expect(() => createEmulator({ host })).toThrow(/not a loopback address; pass expose: true/);
    },
  );

  it("listens on loopback by default and reports the address it bound", async () => {
    const emulator = await started({});
    expect(emulator.address).toMatchObject({ address: "127.0.0.1", family: "IPv4", exposed: false });
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.address.port}`);
  });

  it("accepts other loopback addresses and localhost", async () => {
    const other = await started({ host: "127.0.0.2" });
    expect(other.address.address).toBe("127.0.0.2");
    const named = await started({ host: "localhost" });
    expect(isLoopbackAddress(named.address.address)).toBe(true);
  });

  it("serves 0.0.0.0 with expose, reports it as exposed, and hands out a loopback URL to use", async () => {
    const emulator = await started({ host: "0.0.0.0", expose: true });
    expect(emulator.address).toMatchObject({ address: "0.0.0.0", exposed: true });
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.address.port}`);
    expect((await fetch(`${emulator.url}/sentinel/well-known/jwks`)).status).toBe(200);
  });

  it("applies the same rule to listen() on extra ports", async () => {
    const emulator = await started({});
    await expect(emulator.listen({ port: 0, host: "0.0.0.0" })).rejects.toThrow(/pass expose: true/);
    const extra = await emulator.listen({ port: 0, host: "127.0.0.1" });
    expect((await fetch(`${extra}/sentinel/well-known/jwks`)).status).toBe(200);
  });
});

describe("loopback checks", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.255.0.9", true],
    ["::1", true],
    ["[::1]", true],
    ["::ffff:127.0.0.1", true],
    ["0:0:0:0:0:0:0:1", true],
    ["0.0.0.0", false],
    ["::", false],
    ["::ffff:10.0.0.1", false],
    ["128.0.0.1", false],
    ["localhost", false],
    [undefined, false],
  ])("isLoopbackAddress(%s) is %s", (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });

  it("counts localhost itself as loopback to listen on, never *.localhost", () => {
    expect(isLoopbackHost("localhost")).toBe(true);
    expect(isLoopbackHost("LOCALHOST")).toBe(true);
    expect(isLoopbackHost("fninvocations.localhost")).toBe(false);
  });

  it.each([
    ["127.0.0.1:4000", true],
    ["localhost:4000", true],
    ["[::1]:4000", true],
    ["localhost", true],
    ["evil.example:4000", false],
    ["127.0.0.1.nip.io:4000", false],
    ["", false],
    [undefined, false],
  ])("isLoopbackHostHeader(%s) is %s", (value, expected) => {
    expect(isLoopbackHostHeader(value)).toBe(expected);
  });
});
