/**
 * Sentinel's signing keys as the emulator keeps them: one static V1 key (its public half is
 * exposed so verifiers can be configured, like LivePerson's published V1 key) and rotating V2 keys
 * published as a JWKS. Retired V2 keys stay published for a grace period so tokens they signed
 * keep verifying until they expire.
 *
 * @module
 */
import {
  decodeProtectedHeader,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from "jose";
import type { EmulatorClock } from "./clock.js";

/**
 * Which signing scheme a token uses: `v1` = the static key, `v2` = the JWKS keys.
 *
 * @example
 * ```ts
 * await emulator.mintToken({ accountId: "12345678", version: "v1" satisfies TokenVersion });
 * ```
 */
export type TokenVersion = "v1" | "v2";

/**
 * A public RSA key as the JWKS endpoint publishes it.
 *
 * @example
 * ```ts
 * const [current] = emulator.jwks().keys; // { kty: "RSA", kid, use: "sig", alg: "RS256", n, e }
 * ```
 */
export interface PublicJwk extends JWK {
  kty: "RSA";
  kid: string;
  use: "sig";
  alg: "RS256";
  n: string;
  e: string;
}

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly jwk: PublicJwk;
  /** Emulator time after which a retired key is no longer published or accepted. */
  retiredUntil?: number;
}

/** Claims the emulator writes into every token. */
export interface AppTokenClaims extends JWTPayload {
  aud: string;
  azp: string;
  scope: string;
  iss: "Sentinel";
  iat: number;
  exp: number;
}

/** Outcome of checking a bearer token's signature, issuer and times. */
export type TokenCheck =
  | { readonly ok: true; readonly claims: JWTPayload; readonly version: TokenVersion; readonly kid: string }
  | {
      readonly ok: false;
      readonly reason: "malformed" | "unknown-key" | "bad-signature" | "expired" | "claims";
    };

/**
 * Options of {@link Emulator.rotateKeys}.
 *
 * @example
 * ```ts
 * await emulator.rotateKeys({ retirePrevious: true }); // tokens of the old key now get 401
 * ```
 */
export interface RotateOptions {
  /** Drop the previous key from the JWKS (and stop accepting its tokens) at once. Default `false`. */
  retirePrevious?: boolean | undefined;
}

function dateLabel(ms: number): string {
  const date = new Date(ms);
  const two = (value: number) => String(value).padStart(2, "0");
  return `${two(date.getUTCDate())}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCFullYear() % 100)}`;
}

async function createKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const exported = await exportJWK(publicKey);
  const jwk: PublicJwk = {
    kty: "RSA",
    kid,
    use: "sig",
    alg: "RS256",
    n: exported.n as string,
    e: exported.e as string,
  };
  return { kid, privateKey, publicKey, jwk };
}

let v1KeyOfProcess: Promise<{ key: SigningKey; pem: string }> | undefined;

/**
 * The V1 key is static like LivePerson's: generated once per process and shared by every
 * emulator in it (which also keeps `start()` fast when a test suite starts many emulators).
 */
function staticV1Key(label: string): Promise<{ key: SigningKey; pem: string }> {
  if (!v1KeyOfProcess) {
    const created = createKey(`appjwt-${label}`).then(async (key) => ({
      key,
      pem: await exportSPKI(key.publicKey),
    }));
    created.catch(() => {
      v1KeyOfProcess = undefined;
    });
    v1KeyOfProcess = created;
  }
  return v1KeyOfProcess;
}

/** The emulator's Sentinel keys. Create with {@link KeyRing.create}. */
export class KeyRing {
  readonly #clock: EmulatorClock;
  readonly #graceMs: number;
  readonly #v1: SigningKey;
  readonly #v1Pem: string;
  #current: SigningKey;
  #previous: SigningKey[] = [];
  #spare: Promise<SigningKey> | undefined;
  #counter = 1;

  private constructor(clock: EmulatorClock, graceMs: number, v1: SigningKey, v1Pem: string, v2: SigningKey) {
    this.#clock = clock;
    this.#graceMs = graceMs;
    this.#v1 = v1;
    this.#v1Pem = v1Pem;
    this.#current = v2;
  }

  /**
   * Generates the first V2 key (and, once per process, the static V1 key), ~0.2 s.
   *
   * @example
   * ```ts
   * const keys = await KeyRing.create(createClock(), 3_600_000);
   * ```
   */
  static async create(clock: EmulatorClock, graceMs: number): Promise<KeyRing> {
    const label = dateLabel(clock.now());
    const [v1, v2] = await Promise.all([staticV1Key(label), createKey(`appjwt-v2-${label}-1`)]);
    return new KeyRing(clock, graceMs, v1.key, v1.pem, v2);
  }

  /** The V1 static public key as an SPKI PEM block. */
  get v1PublicKeyPem(): string {
    return this.#v1Pem;
  }

  /** The V1 static public key as a JWK (the V1 key is not in the JWKS). */
  get v1PublicJwk(): PublicJwk {
    return { ...this.#v1.jwk };
  }

  /** `kid` of the key new V2 tokens are signed with. */
  get currentKid(): string {
    return this.#current.kid;
  }

  /** Starts generating the next V2 key in the background, so the next rotation is instant. */
  prepareSpare(): void {
    if (!this.#spare) {
      this.#counter += 1;
      const spare = createKey(`appjwt-v2-${dateLabel(this.#clock.now())}-${this.#counter}`);
      spare.catch(() => undefined);
      this.#spare = spare;
    }
  }

  /**
   * Makes a new V2 key current. The previous one stays published (and accepted) for the grace
   * period unless `retirePrevious` is set. Returns the new `kid`.
   *
   * @example
   * ```ts
   * const kid = await keys.rotate();
   * ```
   */
  async rotate(options: RotateOptions = {}): Promise<string> {
    this.prepareSpare();
    const next = await (this.#spare as Promise<SigningKey>);
    this.#spare = undefined;
    const previous = this.#current;
    previous.retiredUntil = this.#clock.now() + this.#graceMs;
    this.#current = next;
    this.#previous = options.retirePrevious ? [] : [previous, ...this.#previous];
    this.prepareSpare();
    return next.kid;
  }

  #livePrevious(): SigningKey[] {
    const now = this.#clock.now();
    this.#previous = this.#previous.filter((key) => (key.retiredUntil ?? 0) > now);
    return this.#previous;
  }

  /** The published JWKS: the current V2 key first, then retired keys still in their grace period. */
  jwks(): { keys: PublicJwk[] } {
    return { keys: [this.#current, ...this.#livePrevious()].map((key) => ({ ...key.jwk })) };
  }

  /**
   * Signs a token with the V1 static key or the current V2 key.
   *
   * @example
   * ```ts
   * const jwt = await keys.sign(claims, "v2");
   * ```
   */
  async sign(claims: AppTokenClaims, version: TokenVersion): Promise<string> {
    const key = version === "v1" ? this.#v1 : this.#current;
    return new SignJWT(claims)
      .setProtectedHeader({ kid: key.kid, typ: "JWT", alg: "RS256" })
      .sign(key.privateKey);
  }

  /**
   * Signs any claims with the static V1 key (header `kid`, `typ: JWT`, `alg: RS256`) and no
   * registered claims added: the Connector API's ConsumerJWS, which has no `exp`.
   *
   * @example
   * ```ts
   * const jws = await keys.signStatic({ account_id, ext_consumer_id, lp_consumer_id });
   * ```
   */
  async signStatic(claims: Readonly<Record<string, string>>): Promise<string> {
    return new SignJWT({ ...claims })
      .setProtectedHeader({ kid: this.#v1.kid, typ: "JWT", alg: "RS256" })
      .sign(this.#v1.privateKey);
  }

  /**
   * Checks a token's signature (V1 static key or a published V2 key), `iss` and `exp`/`nbf`
   * against the emulator clock. Audience and scope are left to the caller.
   */
  async check(token: string): Promise<TokenCheck> {
    let kid: string | undefined;
    try {
      const header = decodeProtectedHeader(token);
      kid = typeof header.kid === "string" ? header.kid : undefined;
      if (header.alg !== "RS256") {
        return { ok: false, reason: "bad-signature" };
      }
    } catch {
      return { ok: false, reason: "malformed" };
    }
    const v2 = [this.#current, ...this.#livePrevious()].find((key) => key.kid === kid);
    const key = kid === this.#v1.kid ? this.#v1 : v2;
    if (!key || kid === undefined) {
      return { ok: false, reason: "unknown-key" };
    }
    try {
      const { payload } = await jwtVerify(token, key.publicKey, {
        algorithms: ["RS256"],
        issuer: "Sentinel",
        currentDate: new Date(this.#clock.now()),
        requiredClaims: ["exp", "iat", "aud"],
      });
      return { ok: true, claims: payload, version: key === this.#v1 ? "v1" : "v2", kid };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "ERR_JWT_EXPIRED") {
        return { ok: false, reason: "expired" };
      }
      if (code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED") {
        return { ok: false, reason: "bad-signature" };
      }
      if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED") {
        return { ok: false, reason: "claims" };
      }
      return { ok: false, reason: "malformed" };
    }
  }
}
