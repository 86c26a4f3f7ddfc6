import type { OpenAPIObject } from '@nestjs/swagger';
import { mergeDocuments } from './openapi-merge';

const doc = (paths: Record<string, unknown>, schemas: Record<string, unknown> = {}): OpenAPIObject =>
  ({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths, components: { schemas } }) as OpenAPIObject;
const get = (ref?: string) => ({ get: { responses: { 200: { description: 'ok', ...(ref ? { content: { 'application/json': { schema: { $ref: ref } } } } : {}) } } } });

describe('the gateway’s merged OpenAPI document', () => {
  const gateway = doc({ '/api/v1/hubs/{hubId}/overview': get('#/components/schemas/HubOverviewView') }, { HubOverviewView: { type: 'object' } });

  it('adds the routes each service owns, with its schemas prefixed by the service and references rewritten', () => {
    const merged = mergeDocuments(gateway, [
      { service: 'placements', document: doc({ '/api/v1/placements': get('#/components/schemas/PageQuery') }, { PageQuery: { type: 'object' } }) },
      { service: 'training-catalogue', document: doc({ '/api/v1/courses': get('#/components/schemas/PageQuery') }, { PageQuery: { type: 'string' } }) },
    ]);
    expect(Object.keys(merged.paths)).toEqual(['/api/v1/courses', '/api/v1/hubs/{hubId}/overview', '/api/v1/placements']);
    expect(JSON.stringify(merged.paths['/api/v1/placements'])).toContain('#/components/schemas/placements.PageQuery');
    expect(JSON.stringify(merged.paths['/api/v1/courses'])).toContain('#/components/schemas/training-catalogue.PageQuery');
    expect(merged.components?.schemas).toEqual({ HubOverviewView: { type: 'object' }, 'placements.PageQuery': { type: 'object' }, 'training-catalogue.PageQuery': { type: 'string' } });
    expect((merged.paths['/api/v1/placements'] as unknown as { get: Record<string, unknown> }).get['x-traininghubs-service']).toBe('placements');
  });

  it('leaves out what the gateway does not route to that service, and never lets a service replace the gateway’s own route', () => {
    const merged = mergeDocuments(gateway, [
      { service: 'placements', document: doc({ '/health/ready': get(), '/api/v1/courses': get(), '/api/v1/placements/{id}': get() }) },
      { service: 'hub-registry', document: doc({ '/api/v1/hubs/{hubId}/overview': { get: { responses: {}, summary: 'forwarded' } } }) },
    ]);
    expect(Object.keys(merged.paths).sort()).toEqual(['/api/v1/hubs/{hubId}/overview', '/api/v1/placements/{id}']);
    expect(JSON.stringify(merged.paths['/api/v1/hubs/{hubId}/overview'])).not.toContain('forwarded');
  });

  it('lists the services whose documents are missing or stale', () => {
    const merged = mergeDocuments(gateway, [
      { service: 'kpi-reporting', missing: 'fetch failed' },
      { service: 'placements', document: doc({}), stale: true },
    ]) as unknown as Record<string, unknown>;
    expect(merged['x-traininghubs-missing-services']).toEqual([{ service: 'kpi-reporting', reason: 'fetch failed' }]);
    expect(merged['x-traininghubs-stale-services']).toEqual(['placements']);
  });
});
