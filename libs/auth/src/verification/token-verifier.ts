import type { CryptoKey, JWK, JWTPayload, JWTVerifyGetKey } from 'jose';
import { callerFromClaims, InvalidCallerClaimsError } from '../caller/caller-claims';
import type { Caller } from '../caller/caller';
import { DEVELOPMENT_ALGORITHM, developmentSigningKey } from '../development-key/development-signing-key';
import type { AuthSettings } from './auth-settings';
import { loadJose } from './jose';

/** The token is missing its mark: expired, badly signed, for someone else, or with claims we cannot read. Answer 401. */
export class TokenRejectedError extends Error {
  constructor(
    readonly reason: 'expired' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'TokenRejectedError';
  }
}

/** The token could not be checked at all (the identity provider's keys are unreachable). Answer 503, not 401. */
export class TokenVerificationUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TokenVerificationUnavailableError';
  }
}

/** Asymmetric algorithms only: never `none`, never a shared secret. */
const IDENTITY_PROVIDER_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
const DEFAULT_JWKS_TIMEOUT_MS = 5_000;

/** jose error codes that mean "this token is not acceptable", as opposed to "we could not check it". */
const REJECTIONS = new Set([
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWT_INVALID',
  'ERR_JWS_INVALID',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
]);

type KeySource = CryptoKey | JWTVerifyGetKey;

/**
 * Verifies a caller's bearer token (signature, `iss`, `aud`, `exp`) and reads the caller from it.
 * `jwks` mode checks signatures against the identity provider's published keys; `local` mode
 * against the development key, and is refused in production.
 */
export class TokenVerifier {
  private constructor(
    readonly mode: AuthSettings['mode'],
    private readonly key: KeySource,
    private readonly algorithms: string[],
    private readonly settings: AuthSettings,
  ) {}

  static async create(settings: AuthSettings): Promise<TokenVerifier> {
    const jose = await loadJose();
    if (settings.mode === 'jwks') {
      if (!settings.jwksUrl) throw new Error('AUTH_MODE=jwks needs AUTH_JWKS_URL, the identity provider\'s JSON Web Key Set');
      const keySet = jose.createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: settings.jwksTimeoutMs ?? DEFAULT_JWKS_TIMEOUT_MS });
      return new TokenVerifier('jwks', keySet, IDENTITY_PROVIDER_ALGORITHMS, settings);
    }
    if (settings.environment === 'production') {
      throw new Error('local token verification is refused in production: set AUTH_MODE=jwks and AUTH_JWKS_URL');
    }
    const publicJwk = settings.localPublicJwk ? parsePublicJwk(settings.localPublicJwk) : (await developmentSigningKey(settings.localKeyDirectory)).publicJwk;
    const key = await jose.importJWK(publicJwk, DEVELOPMENT_ALGORITHM);
    if (key instanceof Uint8Array) throw new Error('AUTH_LOCAL_PUBLIC_JWK must be a public key, not a shared secret');
    return new TokenVerifier('local', key, [DEVELOPMENT_ALGORITHM], settings);
  }

  /** The caller a token speaks for. Throws TokenRejectedError (401) or TokenVerificationUnavailableError (503). */
  async verify(token: string): Promise<Caller> {
    const { jwtVerify } = await loadJose();
    const options = {
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      algorithms: this.algorithms,
      clockTolerance: this.settings.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'sub'],
    };
    let payload: JWTPayload;
    try {
      payload = (typeof this.key === 'function' ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options)).payload;
    } catch (error) {
      throw classify(error);
    }
    try {
      return callerFromClaims(payload);
    } catch (error) {
      if (error instanceof InvalidCallerClaimsError) throw new TokenRejectedError('invalid', error.message);
      throw error;
    }
  }
}

function classify(error: unknown): Error {
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_JWT_EXPIRED') return new TokenRejectedError('expired', 'the token has expired');
  if (typeof code === 'string' && REJECTIONS.has(code)) return new TokenRejectedError('invalid', describeRejection(code, error));
  return new TokenVerificationUnavailableError(`the identity provider's keys could not be fetched: ${(error as Error).message}`, { cause: error });
}

function describeRejection(code: string, error: unknown): string {
  switch (code) {
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return (error as Error).message; // e.g. unexpected "iss" claim value
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'the signature does not verify';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'the signature algorithm is not accepted';
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return 'the token is not signed by a key the identity provider publishes';
    default:
      return 'the token is not a well-formed signed JWT';
  }
}

function parsePublicJwk(text: string): JWK {
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch {
    throw new Error('AUTH_LOCAL_PUBLIC_JWK is not JSON');
  }
  if (typeof jwk !== 'object' || jwk === null || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new Error('AUTH_LOCAL_PUBLIC_JWK must be the development Ed25519 public JWK (npm run token -- --public-jwk prints it)');
  }
  if ('d' in jwk) throw new Error('AUTH_LOCAL_PUBLIC_JWK holds a private key; give containers the public half only');
  return jwk;
}
