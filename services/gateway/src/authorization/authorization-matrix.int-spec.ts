import request from 'supertest';
import { ROLES, type Caller } from '@traininghubs/auth';
import { RESOURCE_OWNERS } from '../routing/service-routes';
import { reportingPeriodOf, financialYearOf, londonToday } from '../aggregation/reporting-calendar';
import { PlatformUnderTest } from '../../test/platform-under-test';
import { pathOfHub, registerHub, seedHub, type SeededHub } from '../../test/seed';

/**
 * Every GET route the gateway serves (its own and every forwarded one, read from its OpenAPI
 * document, so a route added to a service is covered without touching this test) × every role ×
 * a scope that covers hub A and one that does not. Whoever is out of scope must never get hub A's
 * data: a 403/404, or a 2xx that holds none of hub A's identifiers.
 */

/** Routes whose answers are public by design (ADR 0005): finding your hub shows its name and general contacts to anyone signed in. */
const PUBLIC_DIRECTORY = new Set(['/api/v1/find-hub']);

interface Route {
  path: string;
  resource: string;
}

describe('authorisation matrix: every route × every role × in and out of scope', () => {
  let platform: PlatformUnderTest;
  let hubA: SeededHub;
  let routes: Route[];
  let inScope: Caller[];
  let outOfScope: Caller[];
  const today = londonToday();

  beforeAll(async () => {
    platform = await PlatformUnderTest.start({ RATE_LIMIT_MAX: '100000' });
    hubA = await seedHub(platform, 'Bath and North East Somerset, Swindon and Wiltshire Training Hub', 'QOX', 'Y58');
    const hubB = await registerHub(platform, 'North East London Training Hub', 'QMF');
    const a = { kind: 'hub' as const, hubId: hubA.hubId };
    const b = { kind: 'hub' as const, hubId: hubB.hubId };
    inScope = [
      { subject: 'national', role: 'national', scope: { kind: 'national' } },
      { subject: 'south-west', role: 'region', scope: { kind: 'region', code: 'Y58' } },
      { subject: 'bsw-icb', role: 'icb', scope: { kind: 'icb', code: 'QOX' } },
      { subject: 'bsw-hub-admin', role: 'hub_admin', scope: a },
      { subject: 'analyst-national', role: 'analyst', scope: { kind: 'national' } },
      { subject: 'analyst-south-west', role: 'analyst', scope: { kind: 'region', code: 'Y58' } },
      { subject: 'analyst-bsw-icb', role: 'analyst', scope: { kind: 'icb', code: 'QOX' } },
      { subject: 'analyst-bsw-hub', role: 'analyst', scope: a },
    ];
    outOfScope = [
      { subject: 'london', role: 'region', scope: { kind: 'region', code: 'Y56' } },
      { subject: 'nel-icb', role: 'icb', scope: { kind: 'icb', code: 'QMF' } },
      { subject: 'nel-hub-admin', role: 'hub_admin', scope: b },
      { subject: 'analyst-london', role: 'analyst', scope: { kind: 'region', code: 'Y56' } },
      { subject: 'analyst-nel-icb', role: 'analyst', scope: { kind: 'icb', code: 'QMF' } },
      { subject: 'analyst-nel-hub', role: 'analyst', scope: b },
    ];
    const document = (await request(platform.gateway.getHttpServer()).get('/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(document.paths)
      .filter(([path, item]) => item.get && path.startsWith('/api/v1/') && Object.hasOwn(RESOURCE_OWNERS, path.split('/')[3]))
      .map(([path]) => ({ path, resource: path.split('/')[3] }));
  }, 240_000);

  afterAll(async () => {
    await platform?.close();
  });

  /** A route made concrete for hub A: its path parameters are hub A's records, its required filters point at hub A. */
  function concrete(route: Route): string {
    const path = pathOfHub(route.path, hubA);
    const filters: Record<string, string> = {
      '/api/v1/kpis': `scope=hub:${hubA.hubId}&period=${reportingPeriodOf(today)}`,
      '/api/v1/kpis/comparison': `scope=hub:${hubA.hubId}&period=${reportingPeriodOf(today)}`,
      '/api/v1/workforce/arrs-plans/plan-vs-actual': `financialYear=${financialYearOf(today)}&icbCode=${hubA.icbCode}`,
      '/api/v1/workforce/summary': `hubId=${hubA.hubId}`,
      '/api/v1/find-hub': `icb=${hubA.icbCode}`,
      '/api/v1/courses': `hubId=${hubA.hubId}`,
      '/api/v1/sessions': `hubId=${hubA.hubId}`,
      '/api/v1/placement-capacity/summary': `hubId=${hubA.hubId}`,
      '/api/v1/hubs': `icb=${hubA.icbCode}`,
      '/api/v1/learning-environments': `hubId=${hubA.hubId}`,
    };
    return filters[route.path] ? `${path}?${filters[route.path]}` : path;
  }

  const secretsOfHubA = () => [hubA.hubId, hubA.courseId, hubA.sessionId, hubA.learningEnvironmentId, hubA.capacityId, hubA.contactEmail, hubA.courseTitle, hubA.learnerId, hubA.placementId, hubA.kpiReturnId];

  it('reads its routes from RESOURCE_OWNERS: every resource the gateway routes has GET routes in the matrix, and every role is in it', () => {
    const resources = new Set(routes.map((r) => r.resource));
    expect(Object.keys(RESOURCE_OWNERS).filter((r) => !resources.has(r))).toEqual([]);
    expect(routes.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/v1/hubs/{hubId}/overview', '/api/v1/icbs/{code}/dashboard', '/api/v1/hubs/{hubId}']));
    expect(new Set([...inScope, ...outOfScope].map((c) => c.role))).toEqual(new Set(ROLES));
  });

  it('never gives a caller out of scope any of hub A’s data, on any route', async () => {
    const leaks: string[] = [];
    let routesShowingHubAToNational = 0;
    for (const route of routes) {
      const path = concrete(route);
      const seenByNational = (await platform.get(path, inScope[0])).text;
      if (secretsOfHubA().some((s) => seenByNational.includes(s))) routesShowingHubAToNational++;
      const secrets = PUBLIC_DIRECTORY.has(route.path) ? [hubA.courseId, hubA.sessionId, hubA.learningEnvironmentId, hubA.capacityId] : secretsOfHubA();
      for (const caller of outOfScope) {
        const response = await platform.get(path, caller);
        expect(response.status).toBeLessThan(500);
        if (response.status === 403 || response.status === 404 || response.status === 400) continue;
        const text = response.text;
        const leaked = secrets.filter((s) => text.includes(s));
        if (response.status >= 200 && response.status < 300 && leaked.length === 0) continue;
        leaks.push(`${caller.role} ${JSON.stringify(caller.scope)} GET ${path} → ${response.status} ${leaked.join(', ')}`);
      }
    }
    expect(leaks).toEqual([]);
    // The same requests do reach hub A's data for a national caller: the check above is not vacuous.
    expect(routesShowingHubAToNational).toBeGreaterThanOrEqual(12);
  });

  it('gives every caller in scope hub A’s records (so the matrix is not passing by refusing everyone)', async () => {
    const records = ['/api/v1/hubs/{hubId}', '/api/v1/hubs/{hubId}/overview', '/api/v1/courses/{courseId}', '/api/v1/sessions/{sessionId}', '/api/v1/learning-environments/{id}', '/api/v1/placement-capacity/{id}', '/api/v1/learners/{learnerId}/cpd-record'];
    const refused: string[] = [];
    for (const path of records) {
      const route = routes.find((r) => r.path === path);
      expect(route).toBeDefined();
      for (const caller of inScope) {
        const response = await platform.get(concrete(route!), caller);
        if (response.status !== 200 || !(response.text.includes(hubA.hubId) || response.text.includes(hubA.learnerId))) refused.push(`${caller.role} ${JSON.stringify(caller.scope)} GET ${path} → ${response.status}`);
      }
    }
    for (const caller of inScope.filter((c) => c.scope.kind !== 'hub')) {
      const response = await platform.get(`/api/v1/icbs/${hubA.icbCode}/dashboard`, caller);
      if (response.status !== 200 || !response.text.includes(hubA.hubId)) refused.push(`${caller.role} ${JSON.stringify(caller.scope)} ICB dashboard → ${response.status}`);
    }
    expect(refused).toEqual([]);
  });

  it('lets analysts read but never write, in scope or not', async () => {
    for (const analyst of [...inScope, ...outOfScope].filter((c) => c.role === 'analyst')) {
      const response = await platform.send('post', '/api/v1/courses', { hubId: hubA.hubId }, analyst);
      expect({ analyst: analyst.subject, status: response.status }).toEqual({ analyst: analyst.subject, status: 403 });
    }
  });
});
