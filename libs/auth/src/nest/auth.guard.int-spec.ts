import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { importJWK, SignJWT } from 'jose';
import request from 'supertest';
import { enquiries, HUB_BNSSG, HUB_BSW, HUB_SEL, startTestApp } from '../../test/training-hubs-test-app';
import type { Caller } from '../caller/caller';
import { developmentSigningKey, type DevelopmentSigningKey } from '../development-key/development-signing-key';
import { mintDevelopmentToken } from '../development-key/development-token';

const ISSUER = 'https://traininghubs.nhs.uk';
const AUDIENCE = 'traininghubs-platform';
const PROBLEM_JSON = /^application\/problem\+json/;

const bswAdmin: Caller = { subject: 'bsw-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: HUB_BSW } };
const southWest: Caller = { subject: 'sw-lead', role: 'region', scope: { kind: 'region', code: 'Y58' } };
const qox: Caller = { subject: 'bsw-ics', role: 'icb', scope: { kind: 'icb', code: 'QOX' } };
const analyst: Caller = { subject: 'analyst', role: 'analyst', scope: { kind: 'national' } };

describe('AuthGuard in a service (local development key)', () => {
  let app: INestApplication;
  let key: DevelopmentSigningKey;
  const tokenFor = (caller: Caller) => mintDevelopmentToken(caller, { key, issuer: ISSUER, audience: AUDIENCE });
  const get = (path: string, token?: string) => {
    const call = request(app.getHttpServer()).get(path);
    return token ? call.set('Authorization', `Bearer ${token}`) : call;
  };
  const post = async (path: string, caller: Caller, body: object = {}) =>
    request(app.getHttpServer()).post(path).set('Authorization', `Bearer ${await tokenFor(caller)}`).send(body);

  beforeAll(async () => {
    const keyDirectory = mkdtempSync(join(tmpdir(), 'auth-guard-'));
    key = await developmentSigningKey(keyDirectory);
    app = await startTestApp({ mode: 'local', issuer: ISSUER, audience: AUDIENCE, environment: 'test', localKeyDirectory: keyDirectory });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('serves a public route without a token', async () => {
    const response = await get('/status');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers 401 problem+json with a Bearer challenge when there is no token', async () => {
    const response = await get(`/hubs/${HUB_BSW}`);
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="traininghubs"');
    expect(response.body).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/unauthenticated', title: 'Authentication required', status: 401 });
  });

  it('answers 401 to credentials that are not a bearer token', async () => {
    const response = await request(app.getHttpServer()).get(`/hubs/${HUB_BSW}`).set('Authorization', 'Basic YWRtaW46YWRtaW4=');
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="traininghubs"');
  });

  it('answers 401 invalid_token to a bad token', async () => {
    const response = await get(`/hubs/${HUB_BSW}`, 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl');
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="traininghubs", error="invalid_token", error_description="/);
    expect(response.body).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/invalid-token', status: 401 });
  });

  it('answers 401 to an expired token, saying so', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ th_role: 'national', th_scope: 'national' })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('late')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now - 9 * 3600)
      .setExpirationTime(now - 3600)
      .sign(await importJWK(key.privateJwk, 'EdDSA'));
    const response = await get(`/hubs/${HUB_BSW}`, expired);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toContain('error_description="the token has expired"');
    expect(response.body.detail).toBe('The token has expired.');
  });

  it('serves a caller with a good token', async () => {
    const response = await get(`/hubs/${HUB_BSW}`, await tokenFor(bswAdmin));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ hubId: HUB_BSW, name: 'BSW Training Hub' });
  });

  it("answers 404 to a hub admin reading another hub, exactly as for a hub that does not exist", async () => {
    const token = await tokenFor(bswAdmin);
    const otherHub = await get(`/hubs/${HUB_BNSSG}`, token);
    const noHub = await get('/hubs/99999999-9999-4999-8999-999999999999', token);
    expect(otherHub.status).toBe(404);
    expect(otherHub.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(otherHub.body).toEqual({ type: 'https://traininghubs.nhs.uk/problems/not-found', title: 'Not found', status: 404, detail: `No hub ${HUB_BNSSG}` });
    expect(Object.keys(otherHub.body)).toEqual(Object.keys(noHub.body));
    expect({ ...otherHub.body, detail: undefined }).toEqual({ ...noHub.body, detail: undefined });
  });

  it('lets a region read its ICBs’ hubs and nothing beyond', async () => {
    const token = await tokenFor(southWest);
    expect((await get(`/hubs/${HUB_BNSSG}`, token)).status).toBe(200);
    expect((await get(`/hubs/${HUB_SEL}`, token)).status).toBe(404);
  });

  it('lets an ICB change its hubs’ records', async () => {
    const response = await post(`/hubs/${HUB_BSW}/contacts`, qox, { name: 'Training hub manager' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ hubId: HUB_BSW, name: 'Training hub manager' });
  });

  it('refuses an analyst any POST with 403', async () => {
    const response = await post(`/hubs/${HUB_BSW}/contacts`, analyst, { name: 'x' });
    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/read-only-role', status: 403 });
  });

  it('refuses an analyst every method that changes something, before the handler runs', async () => {
    const token = await tokenFor({ ...analyst, scope: { kind: 'hub', hubId: HUB_BSW } });
    const sent = await request(app.getHttpServer()).post('/enquiries').set('Authorization', `Bearer ${token}`);
    const withdrawn = await request(app.getHttpServer()).delete('/enquiries').set('Authorization', `Bearer ${token}`);
    expect([sent.status, withdrawn.status]).toEqual([403, 403]);
    expect(sent.body).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/read-only-role', detail: 'The analyst role may read records but not change them.' });
    expect(enquiries).toEqual([]);
    expect((await post('/enquiries', bswAdmin)).status).toBe(201);
    expect(enquiries).toEqual(['bsw-lead']);
  });

  it('lets an analyst call a POST that changes nothing, within its scope', async () => {
    const response = await post('/hubs/search', { ...analyst, scope: { kind: 'region', code: 'Y58' } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(['BSW Training Hub', 'BNSSG Training Hub']);
  });

  it('keeps role-restricted actions to those roles', async () => {
    const refused = await post('/kpi-returns/2025-26-H1-bsw/approve', bswAdmin);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/role-not-permitted', detail: 'This needs the role national or region; you are hub_admin.' });
    const approved = await post('/kpi-returns/2025-26-H1-bsw/approve', southWest);
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual({ returnId: '2025-26-H1-bsw', status: 'approved' });
  });
});
