import request from 'supertest';
import { RESOURCE_OWNERS } from '../routing/service-routes';
import { PlatformUnderTest } from '../../test/platform-under-test';

interface Document {
  paths: Record<string, Record<string, { 'x-traininghubs-service'?: string }>>;
  components: { schemas: Record<string, unknown> };
  'x-traininghubs-stale-services'?: string[];
}

function refsOf(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsOf(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refsOf(v, found);
    }
  }
  return found;
}

describe('OpenAPI of every public route, served by the gateway', () => {
  let platform: PlatformUnderTest;

  beforeAll(async () => {
    platform = await PlatformUnderTest.start({ OPENAPI_CACHE_TTL_MS: '0' });
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
  });

  const fetchDocument = async (): Promise<Document> => {
    const response = await request(platform.gateway.getHttpServer()).get('/api/docs-json');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    return response.body as Document;
  };

  it('covers every resource the gateway routes, and the gateway’s own aggregated reads', async () => {
    const document = await fetchDocument();
    expect((document as unknown as Record<string, unknown>)['x-traininghubs-missing-services']).toBeUndefined();
    const paths = Object.keys(document.paths);
    const uncovered = Object.keys(RESOURCE_OWNERS).filter((resource) => !paths.some((p) => p === `/api/v1/${resource}` || p.startsWith(`/api/v1/${resource}/`)));
    expect(uncovered).toEqual([]);
    expect(document.paths['/api/v1/hubs/{hubId}/overview'].get).toBeDefined();
    expect(document.paths['/api/v1/icbs/{code}/dashboard'].get).toBeDefined();
    for (const [path, item] of Object.entries(document.paths)) {
      if (!path.startsWith('/api/v1/') || path.endsWith('/overview') || path.endsWith('/dashboard')) continue;
      for (const operation of Object.values(item)) expect({ path, service: operation['x-traininghubs-service'] }).toEqual({ path, service: RESOURCE_OWNERS[path.split('/')[3]] });
    }
  });

  it('has no dangling schema reference', async () => {
    const document = await fetchDocument();
    const dangling = refsOf(document).filter((ref) => !(ref.replace('#/components/schemas/', '') in document.components.schemas));
    expect(dangling).toEqual([]);
  });

  it('serves the Swagger UI at /api/docs without a token', async () => {
    const response = await request(platform.gateway.getHttpServer()).get('/api/docs');
    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger-ui');
  });

  it('keeps the last good copy of a stopped service’s routes, marked stale', async () => {
    await fetchDocument();
    await platform.stop('kpi-reporting');
    const document = await fetchDocument();
    expect(document['x-traininghubs-stale-services']).toEqual(['kpi-reporting']);
    expect(Object.keys(document.paths)).toContain('/api/v1/kpis');
  });
});
