/**
 * The Connector section of `BENCHMARKS.md`, between its own markers so the invoke bench's report
 * (another module) never touches it, and this one never touches the rest.
 *
 * @module
 */
import type { ConnectorPlan, Figure } from "./measure.js";

const START = "<!-- generated:connector:start -->";
const END = "<!-- generated:connector:end -->";

/** What one run measured (see `run.ts`). */
export interface ConnectorResults {
  readonly kind: "full" | "quick";
  readonly date: string;
  readonly node: string;
  readonly loadAverage: number;
  readonly plan: ConnectorPlan;
  readonly send: Record<"lpkit" | "rawFetch", { sendsPerSecond: Figure; cpuUsPerSend: Figure }>;
  readonly burst: {
    sends: number;
    failed: number;
    failures: Record<string, number>;
    consumerJwsRequests: number;
    conversationRequests: number;
    sendRequests: number;
  };
  readonly verify: { lpkitUs: Figure; nodeCryptoUs: Figure; bodyBytes: number };
  readonly receiver: {
    lpkitPerSecond: Figure;
    barePerSecond: Figure;
    handedToCallbacks: number;
    bareAccepted: number;
  };
}

const f = (x: Figure, digits = 0) =>
  `${x.median.toFixed(digits)} (${x.min.toFixed(digits)}–${x.max.toFixed(digits)})`;

/**
 * The section's Markdown.
 *
 * @example
 * ```ts
 * process.stdout.write(renderConnectorSection(results));
 * ```
 */
export function renderConnectorSection(r: ConnectorResults): string {
  const ratio = (a: Figure, b: Figure) => (a.median / b.median).toFixed(2);
  return [
    "## Connector API (Send API and webhooks)",
    "",
    `${r.kind} run, ${r.date}, Node ${r.node}, load average ${r.loadAverage} at the start; median (min–max) over ${r.plan.repetitions} interleaved repetitions. The emulator runs in a process of its own; CPU is the client process's. Regenerate with \`pnpm bench:connector\`.`,
    "",
    `| SEND (${r.plan.sendsPerRepetition} per repetition, concurrency ${r.plan.concurrency}) | sends/s | client CPU µs per send |`,
    "| --- | ---: | ---: |",
    `| raw fetch, fixed headers | ${f(r.send.rawFetch.sendsPerSecond)} | ${f(r.send.rawFetch.cpuUsPerSend)} |`,
    `| lpkit \`connector.sendText\` | ${f(r.send.lpkit.sendsPerSecond)} | ${f(r.send.lpkit.cpuUsPerSend)} |`,
    `| lpkit / raw fetch | ${ratio(r.send.lpkit.sendsPerSecond, r.send.rawFetch.sendsPerSecond)} | ${ratio(r.send.lpkit.cpuUsPerSend, r.send.rawFetch.cpuUsPerSend)} |`,
    "",
    `| ${r.burst.sends} concurrent first sends to one consumer | requests | target |`,
    "| --- | ---: | ---: |",
    `| ConsumerJWS (IdP) | ${r.burst.consumerJwsRequests} | 1 |`,
    `| CONVERSATION | ${r.burst.conversationRequests} | 1 |`,
    `| SEND | ${r.burst.sendRequests} | ${r.burst.sends} |`,
    `| failed sends | ${r.burst.failed}${
      r.burst.failed > 0
        ? ` (${Object.entries(r.burst.failures)
            .map(([k, v]) => `${k}: ${v}`)
            .join(", ")})`
        : ""
    } | 0 |`,
    "",
    `| webhooks | lpkit | bare \`node:crypto\` / \`node:http\` |`,
    "| --- | ---: | ---: |",
    `| signature check per delivery (${r.verify.bodyBytes} B body), µs | ${f(r.verify.lpkitUs, 1)} | ${f(r.verify.nodeCryptoUs, 1)} |`,
    `| receiver throughput, deliveries/s (concurrency ${r.plan.concurrency}) | ${f(r.receiver.lpkitPerSecond)} | ${f(r.receiver.barePerSecond)} |`,
    "",
    `lpkit's receiver handed ${r.receiver.handedToCallbacks} events to its callback (every delivery once); the bare handler accepted ${r.receiver.bareAccepted}. lpkit's verifier uses web-standard crypto (\`crypto.subtle\`, async) so it runs on Node, Bun, Deno and Workers; the bare handler uses Node's synchronous HMAC and does no header, account, dedupe or ordering checks.`,
  ].join("\n");
}

/**
 * `markdown` with its Connector section replaced (or appended when it has none).
 *
 * @example
 * ```ts
 * writeFileSync("BENCHMARKS.md", replaceConnectorSection(readFileSync("BENCHMARKS.md", "utf8"), section));
 * ```
 */
export function replaceConnectorSection(markdown: string, section: string): string {
  const from = markdown.indexOf(START);
  const to = markdown.indexOf(END);
  const block = `${START}\n${section.trim()}\n${END}`;
  if (from < 0 || to < from) {
    return `${markdown.trimEnd()}${markdown.trim() === "" ? "" : "\n\n"}${block}\n`;
  }
  return `${markdown.slice(0, from)}${block}${markdown.slice(to + END.length)}`;
}
