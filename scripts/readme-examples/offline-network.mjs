// @module scripts/readme-examples/offline-network
// Preloaded (`node --import`, through NODE_OPTIONS) into every process a README example starts, so
// examples written for production run offline, unchanged, against the emulator the test started
// (LPKIT_EXAMPLES_EMULATOR, its https:// URL):
// - LivePerson's Domain API host, api.liveperson.net — the clients' default — is answered by the
//   emulator: `fetch` sends requests for it to the emulator's URL instead;
// - `*.localhost` names (the emulator's Functions V2 gateway host) resolve to 127.0.0.1, as browsers do;
// - every other name is refused (ENOTFOUND), so nothing an example does can leave the machine. IP
//   literals never reach the resolver.
import dns from "node:dns";
import { syncBuiltinESMExports } from "node:module";

const emulator = process.env.LPKIT_EXAMPLES_EMULATOR ? new URL(process.env.LPKIT_EXAMPLES_EMULATOR) : null;
const ROUTED = new Set(["api.liveperson.net"]);

/** "loopback", "literal" (an IP address: the resolver is not needed) or "refused". */
function nameKind(hostname) {
  const name = String(hostname).toLowerCase();
  if (name === "localhost" || name.endsWith(".localhost")) {
    return "loopback";
  }
  return /^[\d.]+$/.test(name) || name.includes(":") ? "literal" : "refused";
}

function refused(hostname) {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (README examples run offline)`), {
    code: "ENOTFOUND",
    hostname,
  });
}

if (emulator) {
  const original = dns.lookup;
  dns.lookup = function lookup(hostname, options, callback) {
    const done = typeof options === "function" ? options : callback;
    const all = typeof options === "object" && options !== null && options.all === true;
    const kind = nameKind(hostname);
    if (kind === "loopback") {
      process.nextTick(done, null, ...(all ? [[{ address: "127.0.0.1", family: 4 }]] : ["127.0.0.1", 4]));
    } else if (kind === "literal") {
      original.call(this, hostname, options, callback);
    } else {
      process.nextTick(done, refused(hostname));
    }
  };
  const originalPromise = dns.promises.lookup;
  dns.promises.lookup = async function lookup(hostname, options) {
    const kind = nameKind(hostname);
    if (kind === "loopback") {
      const entry = { address: "127.0.0.1", family: 4 };
      return options?.all ? [entry] : entry;
    }
    if (kind === "literal") {
      return originalPromise.call(this, hostname, options);
    }
    throw refused(hostname);
  };
  syncBuiltinESMExports();

  const realFetch = globalThis.fetch;
  globalThis.fetch = async function fetch(input, init) {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!ROUTED.has(url.hostname.toLowerCase())) {
      return realFetch(input, init);
    }
    const target = new URL(`${url.pathname}${url.search}`, emulator);
    if (!(input instanceof Request)) {
      return realFetch(target, init);
    }
    const method = input.method;
    const body = method === "GET" || method === "HEAD" ? undefined : await input.arrayBuffer();
    return realFetch(target, {
      method,
      headers: input.headers,
      body,
      signal: init?.signal ?? input.signal,
      redirect: input.redirect,
    });
  };
}
