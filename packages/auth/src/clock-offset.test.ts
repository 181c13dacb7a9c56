import { describe, expect, it } from "vitest";
import { MAX_CLOCK_OFFSET_MS, onLocalClock } from "./clock-offset.js";
import { ACCOUNT, fakeJwt, json } from "./test-support/fake-liveperson.js";
import { setup } from "./test-support/setup.js";

describe("19. tokens on this process's clock", () => {
  const start = Date.UTC(2026, 0, 1);

  it("19. Sentinel's clock 10 min ahead of ours: the lifetime counts from our request start, one second less", () => {
    const told: number[] = [];
    const token = { issuedAt: start + 600_000, expiresAt: start + 600_000 + 3_600_000 };
    expect(onLocalClock(token, start, (offset) => told.push(offset))).toEqual({
      issuedAt: start,
      expiresAt: start + 3_599_000,
    });
    expect(told).toEqual([600_000]);
  });

  it("19. within the tolerance, or with Sentinel's clock behind ours, the times stay as Sentinel set them", () => {
    const told: number[] = [];
    for (const offset of [0, MAX_CLOCK_OFFSET_MS, -600_000, -MAX_CLOCK_OFFSET_MS - 1]) {
      const token = { issuedAt: start + offset, expiresAt: start + offset + 3_600_000 };
      expect(onLocalClock(token, start, (o) => told.push(o))).toEqual(token);
    }
    expect(told).toEqual([]); // an iat in the past may be an old token: never lengthened
  });

  it("19. a manager whose clock runs 10 min behind Sentinel renews before the token's true expiry", async () => {
    const { clock, lp, manager } = setup({ now: () => clock.now() - 600_000 });
    lp.setFallback("token", () => {
      const iat = Math.floor(clock.now() / 1000);
      return json({
        access_token: fakeJwt({ iss: "Sentinel", aud: ACCOUNT, iat, exp: iat + 1_800 }),
        token_type: "Bearer",
      });
    });
    const token = await manager.getToken();
    // On the manager's clock the token ends 30 min (minus 1 s) after its request started, i.e. at the
    // same moment as on Sentinel's: not 10 min later.
    expect(token.expiresAt).toBe(clock.now() - 600_000 + 1_800_000 - 1_000);
  });
});
