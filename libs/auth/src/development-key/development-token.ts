import { randomUUID } from 'node:crypto';
import { claimsOfCaller, ROLE_CLAIM, SCOPE_CLAIM } from '../caller/caller-claims';
import type { Caller } from '../caller/caller';
import { loadJose } from '../verification/jose';
import { DEVELOPMENT_ALGORITHM, type DevelopmentSigningKey } from './development-signing-key';

export const DEFAULT_DEVELOPMENT_TOKEN_LIFETIME = '8h';

export interface DevelopmentTokenOptions {
  key: DevelopmentSigningKey;
  issuer: string;
  audience: string;
  /** A jose time span such as "8h", "30m" or "2d"; eight hours (a working day) unless given. */
  expiresIn?: string;
}

/** A bearer token for a caller, signed with the development key: what `npm run token` prints. */
export async function mintDevelopmentToken(caller: Caller, options: DevelopmentTokenOptions): Promise<string> {
  const { SignJWT, importJWK } = await loadJose();
  const privateKey = await importJWK(options.key.privateJwk, DEVELOPMENT_ALGORITHM);
  const claims = claimsOfCaller(caller);
  return new SignJWT({ [ROLE_CLAIM]: claims[ROLE_CLAIM], [SCOPE_CLAIM]: claims[SCOPE_CLAIM] })
    .setProtectedHeader({ alg: DEVELOPMENT_ALGORITHM, kid: options.key.keyId, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? DEFAULT_DEVELOPMENT_TOKEN_LIFETIME)
    .setJti(randomUUID())
    .sign(privateKey);
}
