import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import request from 'supertest';
import { HUB_BSW, startTestApp } from '../../test/training-hubs-test-app';
import type { AuthSettings } from './auth-settings';

// The production shape: tokens from an identity provider, verified against the JSON Web Key Set
// it publishes. Here the provider is a real HTTP server on 127.0.0.1 serving its keys.
const ISSUER = 'https://idp.test.traininghubs.nhs.uk';
const AUDIENCE = 'traininghubs-platform';

interface SigningKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

function sign(key: SigningKey, claims: Record<string, unknown> = {}, audience = AUDIENCE): Promise<string> {
  return new SignJWT({ th_role: 'icb', th_scope: 'icb:QOX', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: key.publicJwk.kid })
    .setSubject('ics-digital@qox')
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key.privateKey);
}

describe('AuthGuard with the identity provider’s JWKS', () => {
  let server: Server;
  let baseUrl: string;
  let published: SigningKey;
  let unpublished: SigningKey;
  const fetches: string[] = [];
  const apps: INestApplication[] = [];

  const appFor = async (path: string) => {
    const settings: AuthSettings = { mode: 'jwks', jwksUrl: `${baseUrl}${path}`, issuer: ISSUER, audience: AUDIENCE, environment: 'test', jwksTimeoutMs: 2_000 };
    const app = await startTestApp(settings);
    apps.push(app);
    return app;
  };
  const readHub = (app: INestApplication, token: string) => request(app.getHttpServer()).get(`/hubs/${HUB_BSW}`).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    published = await signingKey('2026-11-a');
    unpublished = await signingKey('2026-11-b');
    server = createServer((req, res) => {
      fetches.push(req.url ?? '');
      if (req.url === '/.well-known/jwks.json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [published.publicJwk] }));
      } else {
        res.writeHead(500).end('identity provider is down');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await new Promise((resolve) => server.close(resolve));
  });

  it('accepts a token signed with a published key, fetching the key set once', async () => {
    const app = await appFor('/.well-known/jwks.json');
    const token = await sign(published);
    for (let i = 0; i < 3; i++) {
      const response = await readHub(app, token);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ hubId: HUB_BSW });
    }
    expect(fetches.filter((url) => url === '/.well-known/jwks.json')).toHaveLength(1);
  });

  it('refuses a token signed with a key the provider does not publish', async () => {
    const app = await appFor('/.well-known/jwks.json');
    const response = await readHub(app, await sign(unpublished));
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(response.body.detail).toMatch(/not signed by a key the identity provider publishes/);
  });

  it('refuses a published key’s token meant for another audience, or without the platform’s claims', async () => {
    const app = await appFor('/.well-known/jwks.json');
    expect((await readHub(app, await sign(published, {}, 'another-api'))).status).toBe(401);
    expect((await readHub(app, await sign(published, { th_role: undefined, th_scope: undefined }))).status).toBe(401);
  });

  it('answers 503, not 401, when the key set cannot be fetched', async () => {
    const app = await appFor('/broken/jwks.json');
    const response = await readHub(app, await sign(published));
    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/authentication-unavailable' });
    expect(fetches).toContain('/broken/jwks.json');
  });

  it('still answers 401 to a request with no token, without fetching keys', async () => {
    const app = await appFor('/never-fetched/jwks.json');
    expect((await request(app.getHttpServer()).get(`/hubs/${HUB_BSW}`)).status).toBe(401);
    expect(fetches).not.toContain('/never-fetched/jwks.json');
  });
});
