// Consumer of @lpkit/domain, type-checked (never run) under nodenext and bundler resolution.
import {
  createDomainClient,
  type DomainClient,
  type DomainClientOptions,
  findServiceHost,
  type paths,
  type ServiceEntry,
} from "@lpkit/domain";

const options: DomainClientOptions = {
  baseUrl: "https://api.liveperson.net",
  timeoutMs: 5_000,
  allowedHosts: ["*.corp.example"],
  logger: console,
};
const domain: DomainClient = createDomainClient(options);

export async function hosts(accountId: string): Promise<string[]> {
  const sentinel: string = await domain.getServiceHost(accountId, "sentinel");
  const entries: ServiceEntry[] = await domain.listServices(accountId, {
    signal: AbortSignal.timeout(1_000),
  });
  const faas: string = findServiceHost(entries, accountId, "faasGW", domain);
  return [sentinel, faas, ...entries.map((entry) => entry.baseURI)];
}

// The generated contract types are part of the public API.
type ServiceOperation = paths["/api/account/{accountId}/service/{serviceName}/baseURI.json"]["get"];

export type { ServiceOperation };

// @ts-expect-error getServiceHost takes an account id and a service name
void domain.getServiceHost(12345678);
