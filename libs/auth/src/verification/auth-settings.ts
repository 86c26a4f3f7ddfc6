import type { ServiceEnvironment } from '@traininghubs/config';

/** How a service verifies its callers' tokens. Built from its environment by `authSettingsFrom`. */
export interface AuthSettings {
  mode: 'local' | 'jwks';
  issuer: string;
  audience: string;
  /** NODE_ENV: production refuses local mode whatever the mode says. */
  environment: string;
  /** jwks mode: the identity provider's JSON Web Key Set. */
  jwksUrl?: string;
  /** local mode: the development public key as JSON; unset, the key in `localKeyDirectory` is used. */
  localPublicJwk?: string;
  /** local mode: where the development key lives; defaults to `.local/auth/` at the repository root. */
  localKeyDirectory?: string;
  /** Leeway for clocks that disagree a little on `exp`, `nbf` and `iat`; 30 s unless given. */
  clockToleranceSeconds?: number;
  /** jwks mode: how long one fetch of the key set may take; 5 s unless given. */
  jwksTimeoutMs?: number;
}

type AuthEnvironment = Pick<ServiceEnvironment, 'NODE_ENV' | 'AUTH_MODE' | 'AUTH_JWKS_URL' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE' | 'AUTH_LOCAL_PUBLIC_JWK'>;

export function authSettingsFrom(env: AuthEnvironment): AuthSettings {
  return {
    mode: env.AUTH_MODE,
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
    environment: env.NODE_ENV,
    jwksUrl: env.AUTH_JWKS_URL,
    localPublicJwk: env.AUTH_LOCAL_PUBLIC_JWK,
  };
}
