import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateCertificates } from "./index.js";

describe("generateCertificates", () => {
  it("signs a leaf for the loopback names and every extra name or IP, under a CA named as asked", async () => {
    const { ca, cert, key } = await generateCertificates(["127.9.8.7", "fn.localhost"], {
      caName: "my server CA (throwaway)",
    });
    const authority = new X509Certificate(ca);
    const leaf = new X509Certificate(cert);
    expect(authority.subject).toBe("CN=my server CA (throwaway)");
    expect(leaf.issuer).toBe(authority.subject);
    expect(leaf.verify(authority.publicKey)).toBe(true);
    expect(leaf.checkIP("127.9.8.7")).toBe("127.9.8.7");
    expect(leaf.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(leaf.checkHost("fn.localhost")).toBe("fn.localhost");
    expect(leaf.checkIP("127.9.8.6")).toBeUndefined();
    expect(key).toContain("PRIVATE KEY");
    expect(new X509Certificate(await generateCertificates().then((c) => c.ca)).subject).toBe(
      "CN=lpkit emulator CA (throwaway)",
    );
  });
});
