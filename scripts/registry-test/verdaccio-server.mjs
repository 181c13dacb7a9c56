// @module scripts/registry-test/verdaccio-server
// Child process of the registry test: runs Verdaccio (its programmatic API) with the config file given
// as the first argument on 127.0.0.1 and an OS-assigned port, prints `{"port":N}` on one line once it
// listens, and exits when its parent closes stdin or sends SIGTERM.
import { runServer } from "verdaccio";

const configPath = process.argv[2];
if (!configPath) {
  console.error("usage: node verdaccio-server.mjs <config.yaml>");
  process.exit(2);
}
const server = await runServer(configPath);
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
