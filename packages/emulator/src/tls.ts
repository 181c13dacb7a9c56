/**
 * Certificates for the emulator's optional HTTPS: a throwaway CA generated at start and a leaf
 * certificate it signs for the loopback names the emulator hands out.
 *
 * The certificate stack (selfsigned → @peculiar/x509 → reflect-metadata, which installs a global
 * `Reflect.getMetadata`) is imported only when certificates are generated, so importing the package
 * without asking for TLS changes no global.
 *
 * @module
 */

/** A CA and a server certificate, all PEM. */
export interface EmulatorCertificates {
  /** The CA certificate to trust (e.g. `NODE_EXTRA_CA_CERTS`). */
  readonly ca: string;
  /** The server certificate chain (leaf, then CA). */
  readonly cert: string;
  /** The server's private key. */
  readonly key: string;
}

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+)$/;

/**
 * Generates a CA and a leaf certificate valid for 127.0.0.1, ::1, localhost, *.localhost and
 * every extra name given (wildcards directly under a single label such as `*.localhost` are not
 * honoured by Node's hostname check, so each served name should be listed). EC P-256 keeps this
 * around 40 ms. `caName` names the CA: give each server its own when a client trusts several such
 * CAs at once (TLS picks a CA by name, so two CAs of one name break each other's chains).
 *
 * @example
 * ```ts
 * const { ca, cert, key } = await generateCertificates(["fninvocations.localhost"]);
 * const other = await generateCertificates(["127.0.0.2"], { caName: "my test server CA (throwaway)" });
 * ```
 */
export async function generateCertificates(
  names: readonly string[] = [],
  options: { readonly caName?: string } = {},
): Promise<EmulatorCertificates> {
  const { generate } = await import("selfsigned");
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 7 * 24 * 3_600_000);
  const ca = await generate(
    [{ name: "commonName", value: options.caName ?? "lpkit emulator CA (throwaway)" }],
    {
      keyType: "ec",
      algorithm: "sha256",
      notBeforeDate,
      notAfterDate,
      extensions: [
        { name: "basicConstraints", cA: true, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ],
    },
  );
  const dns = new Set(["localhost", "*.localhost"]);
  const ips = new Set(["127.0.0.1", "::1"]);
  for (const name of names) {
    const bare = name.replace(/^\[|\]$/g, "");
    if (IP.test(bare)) {
      ips.add(bare);
    } else {
      dns.add(bare);
    }
  }
  const leaf = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          ...[...dns].map((value) => ({ type: 2 as const, value })),
          ...[...ips].map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return { ca: ca.cert, cert: `${leaf.cert.trim()}\n${ca.cert.trim()}\n`, key: leaf.private };
}
