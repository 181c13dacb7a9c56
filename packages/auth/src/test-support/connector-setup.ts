/**
 * Test-only: a facade on the fake Connector API with a fake clock, and a Map-backed store with the
 * `createRedisCache` contract (shared between facades to play several processes).
 *
 * @module
 */

import type { ConnectorStore } from "../connector/connector-store.js";
import type { LivePersonConnectorOptions } from "../connector/connector-types.js";
import { createLivePersonConnector } from "../connector/live-person-connector.js";
import { createFakeClock } from "./fake-clock.js";
import { createFakeConnector } from "./fake-connector.js";
import { ACCOUNT, CLIENT_ID, CLIENT_SECRET } from "./fake-liveperson.js";
import { collectEvent, collectingLogger } from "./secrets.js";

/** A store with the `createRedisCache` contract, in a Map; `fail` makes every call reject. */
export function memoryStore() {
  const entries = new Map<string, string>();
  const calls = { get: 0, set: 0, delete: 0 };
  const state = { fail: false, hang: false };
  const gate = async () => {
    if (state.hang) {
      await new Promise(() => {});
    }
    if (state.fail) {
      throw new Error("store down");
    }
  };
  const store: ConnectorStore = {
    async get(key) {
      calls.get += 1;
      await gate();
      const value = entries.get(key);
      return value === undefined ? undefined : { value };
    },
    async set(key, value) {
      calls.set += 1;
      await gate();
      entries.set(key, value);
      return true;
    },
    async delete(key, options) {
      calls.delete += 1;
      await gate();
      if (options?.ifValue !== undefined && entries.get(key) !== options.ifValue) {
        return false;
      }
      return entries.delete(key);
    },
  };
  return { store, entries, calls, state };
}

/** A facade on a fresh fake (or the given one). */
export function connectorSetup(
  options: Partial<LivePersonConnectorOptions> = {},
  fake = createFakeConnector(),
) {
  const clock = createFakeClock();
  const connector = createLivePersonConnector({
    accountId: ACCOUNT,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    fetch: fake.fetch,
    now: clock.now,
    sleep: clock.sleep,
    random: clock.random,
    logger: collectingLogger,
    onEvent: collectEvent,
    ...options,
  });
  return { clock, fake, connector };
}
