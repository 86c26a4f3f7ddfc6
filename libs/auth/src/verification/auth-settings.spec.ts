import { ConfigurationError, loadConfig, ServiceEnvironment } from '@traininghubs/config';
import { authSettingsFrom } from './auth-settings';

class PlacementsEnvironment extends ServiceEnvironment {
  override PORT = 3003;
  override DATABASE_SCHEMA = 'placements';
}

const base = { DATABASE_URL: 'postgres://placements@127.0.0.1:5432/traininghubs', KAFKA_BROKERS: '127.0.0.1:9092' };
const load = (env: Record<string, string>) => loadConfig('placements', PlacementsEnvironment, { ...base, ...env });

function problems(env: Record<string, string>): Record<string, string> {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return Object.fromEntries(error.problems.map((p) => [p.variable, p.reasons.join('; ')]));
    throw error;
  }
  return {};
}

describe('auth settings in the service environment', () => {
  it('defaults to the local development key, the platform issuer and audience', () => {
    expect(authSettingsFrom(load({}))).toEqual({
      mode: 'local',
      issuer: 'https://traininghubs.nhs.uk',
      audience: 'traininghubs-platform',
      environment: 'development',
      jwksUrl: undefined,
      localPublicJwk: undefined,
    });
  });

  it('refuses the local key in production', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual({ AUTH_MODE: expect.stringMatching(/AUTH_MODE must be jwks when NODE_ENV=production/) });
  });

  it('needs a JWKS URL in jwks mode, and an https one in production', () => {
    expect(problems({ AUTH_MODE: 'jwks' })).toEqual({ AUTH_JWKS_URL: expect.stringMatching(/required when AUTH_MODE=jwks/) });
    expect(problems({ NODE_ENV: 'production', AUTH_MODE: 'jwks', AUTH_JWKS_URL: 'http://idp.example/jwks' })).toEqual({
      AUTH_JWKS_URL: expect.stringMatching(/AUTH_JWKS_URL must be an https:\/\/ URL when NODE_ENV=production/),
    });
    expect(problems({ AUTH_MODE: 'jwks', AUTH_JWKS_URL: 'not a url' })).toHaveProperty('AUTH_JWKS_URL');
  });

  it('takes a production configuration with the identity provider', () => {
    const config = load({ NODE_ENV: 'production', AUTH_MODE: 'jwks', AUTH_JWKS_URL: 'https://idp.example.nhs.uk/.well-known/jwks.json', AUTH_ISSUER: 'https://idp.example.nhs.uk', AUTH_AUDIENCE: 'api://traininghubs' });
    expect(authSettingsFrom(config)).toMatchObject({ mode: 'jwks', jwksUrl: 'https://idp.example.nhs.uk/.well-known/jwks.json', issuer: 'https://idp.example.nhs.uk', audience: 'api://traininghubs', environment: 'production' });
  });

  it('allows a local JWKS over http outside production (tests, a local identity provider)', () => {
    expect(authSettingsFrom(load({ AUTH_MODE: 'jwks', AUTH_JWKS_URL: 'http://127.0.0.1:8443/jwks.json' })).jwksUrl).toBe('http://127.0.0.1:8443/jwks.json');
  });

  it('refuses an unknown mode and a public key that is not JSON', () => {
    expect(Object.keys(problems({ AUTH_MODE: 'none', AUTH_LOCAL_PUBLIC_JWK: '{kty:OKP' })).sort()).toEqual(['AUTH_LOCAL_PUBLIC_JWK', 'AUTH_MODE']);
  });
});
