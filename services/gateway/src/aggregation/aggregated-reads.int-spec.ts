import request from 'supertest';
import type { Caller } from '@traininghubs/auth';
import { PlatformUnderTest } from '../../test/platform-under-test';
import { national, registerHub, seedHub, type SeededHub } from '../../test/seed';

const PROBLEM_JSON = /^application\/problem\+json/;
const SERVICE_CALL_TIMEOUT_MS = 1_500;

describe('aggregated reads through the gateway, the five services running for real', () => {
  let platform: PlatformUnderTest;
  let hub: SeededHub;
  let hubId: string;
  let hubAdmin: Caller;
  let otherHubAdmin: Caller;
  let courseTitle: string;

  beforeAll(async () => {
    platform = await PlatformUnderTest.start({ SERVICE_CALL_TIMEOUT_MS: String(SERVICE_CALL_TIMEOUT_MS) });
    hub = await seedHub(platform, 'Bath and North East Somerset, Swindon and Wiltshire Training Hub', 'QOX', 'Y58');
    ({ hubId, admin: hubAdmin, courseTitle } = hub);
    otherHubAdmin = (await registerHub(platform, 'North East London Training Hub', 'QMF')).admin;
  }, 180_000);

  afterAll(async () => {
    await platform?.close();
  });

  it('builds the hub overview from every service, with the caller’s correlation id passed on and echoed', async () => {
    const token = await platform.token(hubAdmin);
    const response = await request(platform.gateway.getHttpServer())
      .get(`/api/v1/hubs/${hubId}/overview`)
      .set('Authorization', `Bearer ${token}`)
      .set('x-correlation-id', 'overview-test-1');
    expect(response.status).toBe(200);
    expect(response.headers['x-correlation-id']).toBe('overview-test-1');
    const body = response.body;
    expect(body.hub).toMatchObject({ id: hubId, icbCode: 'QOX', regionCode: 'Y58' });
    expect(body.hub.contacts).toEqual([expect.objectContaining({ role: 'placements_lead', email: hub.contactEmail })]);
    expect(body.complete).toBe(true);
    for (const section of ['upcomingTraining', 'placementCapacity', 'workforce', 'kpis']) expect(body.sections[section].status).toBe('ok');
    expect(body.sections.upcomingTraining.data.total).toBe(1);
    expect(body.sections.upcomingTraining.data.sessions[0]).toMatchObject({ hubId, courseTitle, capacity: 20, freePlaces: 20 });
    expect(body.sections.placementCapacity.data).toMatchObject({ places: 4, placesFilled: 0, fillPercent: 0, lines: [{ period: '2026-27-H2', learnerType: 'STUDENT_NURSE', places: 4, placesFilled: 0 }] });
    expect(body.sections.workforce.data).toMatchObject({ hubId, financialYear: body.financialYear, recruits: { total: 0 }, leavers: { total: 0 } });
    expect(body.sections.kpis.data).toMatchObject({ scope: `hub:${hubId}`, period: { key: body.reportingPeriod } });
    expect(body.reportingPeriod).toMatch(/^\d{4}-\d{2}-H[12]$/);
    for (const service of ['hub-registry', 'training-catalogue', 'placements', 'workforce-planning', 'kpi-reporting'] as const) {
      const head = platform.requestsTo(service).find((h) => h.includes('x-correlation-id: overview-test-1'));
      expect({ service, head: head?.split('\r\n')[0] }).toEqual({ service, head: expect.stringMatching(/^GET \/api\/v1\//) });
      expect(head).toContain(`authorization: Bearer ${token}`);
    }
  });

  it('shows the other hub’s admin nothing of the hub: 404, the same as for a hub that does not exist', async () => {
    const outOfScope = await platform.get(`/api/v1/hubs/${hubId}/overview`, otherHubAdmin);
    const missing = await platform.get(`/api/v1/hubs/00000000-0000-4000-8000-000000000000/overview`, otherHubAdmin);
    expect(outOfScope.status).toBe(404);
    expect(outOfScope.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(JSON.stringify(outOfScope.body)).not.toContain(courseTitle);
    expect(JSON.stringify(outOfScope.body)).not.toContain(hub.contactEmail);
    expect(missing.status).toBe(404);
    expect({ ...outOfScope.body, instance: undefined, correlationId: undefined, detail: undefined }).toEqual({ ...missing.body, instance: undefined, correlationId: undefined, detail: undefined });

    const icbOfOther: Caller = { subject: 'nel-icb', role: 'icb', scope: { kind: 'icb', code: 'QMF' } };
    expect((await platform.get(`/api/v1/hubs/${hubId}/overview`, icbOfOther)).status).toBe(404);
    const analystOfRegion: Caller = { subject: 'sw-analyst', role: 'analyst', scope: { kind: 'region', code: 'Y58' } };
    expect((await platform.get(`/api/v1/hubs/${hubId}/overview`, analystOfRegion)).status).toBe(200);
  });

  it('refuses anonymous callers and malformed hub ids with problem+json', async () => {
    const anonymous = await platform.get(`/api/v1/hubs/${hubId}/overview`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(PROBLEM_JSON);
    const malformed = await platform.get('/api/v1/hubs/not-a-hub/overview', national);
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toMatch(PROBLEM_JSON);
    expect((await platform.get(`/api/v1/hubs/${hubId}/overview?period=last-year`, national)).status).toBe(400);
    expect((await platform.get(`/api/v1/hubs/${hubId}/overview?secret=1`, national)).status).toBe(400);
  });

  it('builds the ICB dashboard for callers whose scope covers the ICB, and refuses the rest', async () => {
    const icb: Caller = { subject: 'bsw-icb', role: 'icb', scope: { kind: 'icb', code: 'QOX' } };
    const response = await platform.get('/api/v1/icbs/QOX/dashboard', icb);
    expect(response.status).toBe(200);
    expect(response.body.icb).toMatchObject({ odsCode: 'QOX', type: 'icb', regionCode: 'Y58' });
    expect(response.body.complete).toBe(true);
    expect(response.body.sections.hubs.data.items.map((h: { id: string }) => h.id)).toEqual([hubId]);
    expect(response.body.sections.upcomingTraining.data.sessions.map((s: { courseTitle: string }) => s.courseTitle)).toEqual([courseTitle]);
    expect(response.body.sections.placementCapacity.data.places).toBe(4);
    expect(response.body.sections.kpis.data.scope).toBe('icb:QOX');

    const otherIcb: Caller = { subject: 'nel-icb', role: 'icb', scope: { kind: 'icb', code: 'QMF' } };
    const refused = await platform.get('/api/v1/icbs/QOX/dashboard', otherIcb);
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(JSON.stringify(refused.body)).not.toContain(hubId);
    expect((await platform.get('/api/v1/icbs/QOX/dashboard', hubAdmin)).status).toBe(403);
    expect((await platform.get('/api/v1/icbs/ZZZ99/dashboard', national)).status).toBe(404);
    expect((await platform.get('/api/v1/icbs/qox!/dashboard', national)).status).toBe(400);
  });

  it('marks a service slower than the per-call timeout as timeout and still answers in time', async () => {
    platform.slowDown('kpi-reporting', SERVICE_CALL_TIMEOUT_MS + 1_000);
    try {
      const startedAt = Date.now();
      const response = await platform.get(`/api/v1/hubs/${hubId}/overview`, national);
      expect(Date.now() - startedAt).toBeLessThan(SERVICE_CALL_TIMEOUT_MS + 900);
      expect(response.status).toBe(200);
      expect(response.body.complete).toBe(false);
      expect(response.body.sections.kpis).toEqual({ status: 'timeout', error: { service: 'kpi-reporting', detail: `kpi-reporting did not answer within ${SERVICE_CALL_TIMEOUT_MS} ms` } });
      expect(response.body.sections.upcomingTraining.status).toBe('ok');
      expect(response.body.sections.placementCapacity.status).toBe('ok');
    } finally {
      platform.slowDown('kpi-reporting', 0);
    }
  });

  it('answers 504 when the hub record itself is too slow to come', async () => {
    platform.slowDown('hub-registry', SERVICE_CALL_TIMEOUT_MS + 1_000);
    try {
      const response = await platform.get(`/api/v1/hubs/${hubId}/overview`, national);
      expect(response.status).toBe(504);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/service-timeout', status: 504 });
    } finally {
      platform.slowDown('hub-registry', 0);
    }
  });

  it('marks a stopped service as unavailable and still answers 200 with the rest', async () => {
    await platform.stop('placements');
    const response = await platform.get(`/api/v1/hubs/${hubId}/overview`, national);
    expect(response.status).toBe(200);
    expect(response.body.complete).toBe(false);
    expect(response.body.sections.placementCapacity.status).toBe('unavailable');
    expect(response.body.sections.placementCapacity.error.service).toBe('placements');
    expect(response.body.sections.placementCapacity.data).toBeUndefined();
    expect(response.body.sections.upcomingTraining.status).toBe('ok');
    expect(response.body.sections.kpis.status).toBe('ok');
    const dashboard = await platform.get('/api/v1/icbs/QOX/dashboard', national);
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.sections.placementCapacity.status).toBe('unavailable');
  });

  it('answers 502 problem+json, not a partial overview, when hub-registry is down', async () => {
    await platform.stop('hub-registry');
    const response = await platform.get(`/api/v1/hubs/${hubId}/overview`, national);
    expect(response.status).toBe(502);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/service-unavailable', status: 502 });
    expect(response.body.sections).toBeUndefined();
    expect((await platform.get('/api/v1/icbs/QOX/dashboard', national)).status).toBe(502);
  });
});
