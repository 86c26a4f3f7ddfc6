import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url, exportJWK, generateKeyPair, importJWK, SignJWT, type JWTPayload } from 'jose';
import { developmentSigningKey, type DevelopmentSigningKey } from '../development-key/development-signing-key';
import { mintDevelopmentToken } from '../development-key/development-token';
import type { AuthSettings } from './auth-settings';
import { TokenRejectedError, TokenVerifier } from './token-verifier';

const ISSUER = 'https://traininghubs.nhs.uk';
const AUDIENCE = 'traininghubs-platform';
const HUB = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const now = () => Math.floor(Date.now() / 1000);

describe('TokenVerifier in local mode', () => {
  let keyDirectory: string;
  let key: DevelopmentSigningKey;
  let verifier: TokenVerifier;
  const settings = (extra: Partial<AuthSettings> = {}): AuthSettings => ({ mode: 'local', issuer: ISSUER, audience: AUDIENCE, environment: 'development', localKeyDirectory: keyDirectory, ...extra });

  /** A token signed with the development key, with claims and header as the case needs. */
  async function sign(claims: JWTPayload, header: Record<string, unknown> = {}, signingKey = key.privateJwk): Promise<string> {
    const privateKey = await importJWK(signingKey, 'EdDSA');
    return new SignJWT({ sub: 'user-1', iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 600, th_role: 'icb', th_scope: 'icb:QOX', ...claims })
      .setProtectedHeader({ alg: 'EdDSA', ...header })
      .sign(privateKey);
  }

  async function rejection(token: string): Promise<TokenRejectedError> {
    const error = await verifier.verify(token).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRejectedError);
    return error as TokenRejectedError;
  }

  beforeAll(async () => {
    keyDirectory = mkdtempSync(join(tmpdir(), 'auth-verifier-'));
    key = await developmentSigningKey(keyDirectory);
    verifier = await TokenVerifier.create(settings());
  });

  it('accepts a development token and reads the caller from it', async () => {
    const token = await mintDevelopmentToken({ subject: 'hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: HUB } }, { key, issuer: ISSUER, audience: AUDIENCE });
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: HUB } });
  });

  it('gives development tokens eight hours', async () => {
    const token = await mintDevelopmentToken({ subject: 's', role: 'national', scope: { kind: 'national' } }, { key, issuer: ISSUER, audience: AUDIENCE });
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[1]))) as JWTPayload;
    expect(payload.exp! - payload.iat!).toBe(8 * 3600);
    expect(payload).toMatchObject({ iss: ISSUER, aud: AUDIENCE, sub: 's', th_role: 'national', th_scope: 'national' });
  });

  it('refuses an expired token, beyond a small allowance for clock drift', async () => {
    await expect(verifier.verify(await sign({ iat: now() - 3600, exp: now() - 10 }))).resolves.toMatchObject({ role: 'icb' });
    const expired = await rejection(await sign({ iat: now() - 3600, exp: now() - 120 }));
    expect(expired.reason).toBe('expired');
  });

  it('refuses a token not yet valid', async () => {
    expect((await rejection(await sign({ nbf: now() + 600 }))).message).toMatch(/nbf/);
  });

  it('refuses a token without an expiry', async () => {
    expect((await rejection(await sign({ exp: undefined }))).message).toMatch(/exp/);
  });

  it('refuses a token from another issuer', async () => {
    expect((await rejection(await sign({ iss: 'https://elsewhere.example' }))).message).toMatch(/iss/);
  });

  it('refuses a token meant for another audience', async () => {
    expect((await rejection(await sign({ aud: 'another-platform' }))).message).toMatch(/aud/);
  });

  it('refuses a token whose claims were changed after signing', async () => {
    const [header, , signature] = (await sign({})).split('.');
    const widened = base64url.encode(JSON.stringify({ sub: 'user-1', iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 600, th_role: 'national', th_scope: 'national' }));
    expect((await rejection(`${header}.${widened}.${signature}`)).message).toMatch(/signature/);
  });

  it('refuses a token signed with another key', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    expect((await rejection(await sign({}, {}, await exportJWK(privateKey)))).message).toMatch(/signature/);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(JSON.stringify({ sub: 'user-1', iss: ISSUER, aud: AUDIENCE, exp: now() + 600, th_role: 'national', th_scope: 'national' }));
    await rejection(`${header}.${payload}.`);
  });

  it('refuses a token signed with the public key as a shared secret (HS256)', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(key.publicJwk));
    const token = await new SignJWT({ sub: 'user-1', th_role: 'national', th_scope: 'national' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(secret);
    expect((await rejection(token)).message).toMatch(/algorithm/);
  });

  it('refuses what is not a JWT at all', async () => {
    await rejection('not-a-token');
  });

  it('refuses a well-signed token whose role and scope do not fit', async () => {
    expect((await rejection(await sign({ th_role: 'hub_admin', th_scope: 'icb:QOX' }))).message).toMatch(/th_role hub_admin cannot hold th_scope icb:QOX/);
    expect((await rejection(await sign({ th_role: undefined }))).message).toMatch(/th_role/);
  });

  it('verifies with a public key given in AUTH_LOCAL_PUBLIC_JWK, as containers are', async () => {
    const fromEnvironment = await TokenVerifier.create(settings({ localKeyDirectory: join(keyDirectory, 'absent'), localPublicJwk: JSON.stringify(key.publicJwk) }));
    await expect(fromEnvironment.verify(await sign({}))).resolves.toMatchObject({ role: 'icb', scope: { kind: 'icb', code: 'QOX' } });
  });

  it('refuses a private key offered as the public one', async () => {
    await expect(TokenVerifier.create(settings({ localPublicJwk: JSON.stringify(key.privateJwk) }))).rejects.toThrow(/private key/);
    await expect(TokenVerifier.create(settings({ localPublicJwk: '{"kty":"oct","k":"c2VjcmV0"}' }))).rejects.toThrow(/Ed25519 public JWK/);
  });

  it('refuses local mode in production', async () => {
    await expect(TokenVerifier.create(settings({ environment: 'production' }))).rejects.toThrow(/refused in production/);
  });

  it('needs a JWKS URL in jwks mode', async () => {
    await expect(TokenVerifier.create(settings({ mode: 'jwks' }))).rejects.toThrow(/AUTH_JWKS_URL/);
  });
});
