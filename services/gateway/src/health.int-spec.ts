import request from 'supertest';
import type { Caller } from '@traininghubs/auth';
import { PlatformUnderTest } from '../test/platform-under-test';

const national: Caller = { subject: 'platform-operator', role: 'national', scope: { kind: 'national' } };
const hubAdmin: Caller = { subject: 'hub-admin', role: 'hub_admin', scope: { kind: 'hub', hubId: '3c1d2e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5' } };

/** Readiness names what is down; what it saw (addresses, errors) is for operators only. */
describe('gateway health: liveness apart from readiness, each service and dependency named', () => {
  let platform: PlatformUnderTest;

  beforeAll(async () => {
    platform = await PlatformUnderTest.start();
  }, 240_000);

  afterAll(async () => {
    await platform?.close();
  });

  const ready = async (caller?: Caller) => {
    const call = request(platform.gateway.getHttpServer()).get('/health/ready');
    return caller ? call.set('Authorization', `Bearer ${await platform.token(caller)}`) : call;
  };

  it('reports every service and its own dependencies as up, without internal addresses for anyone but an operator', async () => {
    const anonymous = await ready();
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toMatchObject({ status: 'ready', service: 'gateway', down: [] });
    expect(Object.keys(anonymous.body.checks).sort()).toEqual(['database', 'hub-registry', 'kafka', 'kpi-reporting', 'placements', 'training-catalogue', 'workforce-planning']);
    expect(anonymous.body.checks.placements).toEqual({ status: 'up', kind: 'service', latencyMs: expect.any(Number) });
    expect(anonymous.text).not.toMatch(/127\.0\.0\.1|localhost|http:/);
    expect((await ready(hubAdmin)).text).not.toMatch(/127\.0\.0\.1|http:/);
    const operator = await ready(national);
    expect(operator.body.checks.placements.details.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
  });

  it('answers 503 naming the service that is down, and keeps liveness at 200', async () => {
    await platform.stop('placements');
    const anonymous = await ready();
    expect(anonymous.status).toBe(503);
    expect(anonymous.body).toMatchObject({ status: 'not-ready', down: ['placements'] });
    expect(anonymous.body.checks.placements).toMatchObject({ status: 'down', kind: 'service' });
    expect(anonymous.body.checks['hub-registry'].status).toBe('up');
    expect(anonymous.text).not.toMatch(/127\.0\.0\.1|http:/);
    const operator = await ready(national);
    expect(operator.body.checks.placements.details.reason).toEqual(expect.any(String));
    expect((await request(platform.gateway.getHttpServer()).get('/health/live')).status).toBe(200);
  });
});
