// The README's Connector API example, verbatim apart from the import paths. If this file changes,
// change the README too.
import { createLivePersonConnector } from "@lpkit/auth";
import { expect, it, vi } from "vitest";
import { DEMO } from "./config.js";
import { createEmulator } from "./emulator.js";

it("the README's Connector API example runs against the emulator", async () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  // --- README example ---------------------------------------------------------------------------
  const emulator = createEmulator();
  await emulator.start();
  const connector = createLivePersonConnector({
    accountId: DEMO.accountId,
    clientId: DEMO.connectorClientId,
    clientSecret: DEMO.connectorClientSecret,
    domainApi: { baseUrl: emulator.domainApiUrl },
    fetch: emulator.fetch,
  });
  const { conversationId } = await connector.sendText("user-42", "Where is my parcel?");
  // the echo agent answers "You said: Where is my parcel?" (through webhooks, when the app subscribes)
  console.log(emulator.connector.conversation(conversationId)?.events[0]); // { role: "CONSUMER", type: "ContentEvent", sequence: 0, … }
  connector.dispose();
  // --- end of README example --------------------------------------------------------------------
  await new Promise((resolve) => setImmediate(resolve));
  const events = emulator.connector.conversation(conversationId)?.events ?? [];
  expect(events[0]).toMatchObject({ role: "CONSUMER", type: "ContentEvent" });
  expect(
    events.some((e) => e.role === "ASSIGNED_AGENT" && e.event.message === "You said: Where is my parcel?"),
  ).toBe(true);
  expect(log.mock.calls[0]?.[0]).toMatchObject({ role: "CONSUMER", type: "ContentEvent", sequence: 0 });
  log.mockRestore();
  await emulator.stop();
});
