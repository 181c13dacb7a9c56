/**
 * The emulator for the Connector bench, in a process of its own so that the client's CPU time is
 * its own: starts `@lpkit/emulator` (demo accounts, a silent agent: the bench measures SEND, not
 * the agent) and prints one JSON line with its URL and the demo connector app.
 *
 * @module
 */
import { createEmulator, DEMO } from "@lpkit/emulator";

const emulator = createEmulator({ demo: true });
await emulator.start();
emulator.connector.setAgent(() => {});
process.stdout.write(
  `${JSON.stringify({
    url: emulator.url,
    accountId: DEMO.accountId,
    clientId: DEMO.connectorClientId,
    clientSecret: DEMO.connectorClientSecret,
  })}\n`,
);
process.on("disconnect", () => void emulator.stop().then(() => process.exit(0)));
process.on("SIGTERM", () => void emulator.stop().then(() => process.exit(0)));
