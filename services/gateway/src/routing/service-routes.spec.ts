import { owningService, RESOURCE_OWNERS } from './service-routes';

describe('routing of public resources to their owning service', () => {
  it.each([
    ['/api/v1/icbs?asOf=2026-04-01', 'hub-registry'],
    ['/api/v1/hubs/5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f/contacts', 'hub-registry'],
    ['/api/v1/find-hub?practice=B82005', 'hub-registry'],
    ['/api/v1/sessions/1/bookings', 'training-catalogue'],
    ['/api/v1/placements/9/fill', 'placements'],
    ['/api/v1/workforce/arrs-plans', 'workforce-planning'],
    ['/api/v1/kpis?scope=national&period=2025-26-H1', 'kpi-reporting'],
    ['/api/v1/kpi-returns/7/submit', 'kpi-reporting'],
  ])('%s goes to %s', (path, service) => {
    expect(owningService(path)).toBe(service);
  });

  it('forwards nothing outside /api/v1 or for an unknown resource', () => {
    expect(owningService('/health/ready')).toBeUndefined();
    expect(owningService('/api/v1/unknown')).toBeUndefined();
    expect(owningService('/api/v1/constructor')).toBeUndefined();
    expect(owningService('/api/v2/hubs')).toBeUndefined();
  });

  it('names only services the gateway knows', () => {
    const known = ['hub-registry', 'training-catalogue', 'placements', 'workforce-planning', 'kpi-reporting'];
    expect(Object.values(RESOURCE_OWNERS).filter((s) => !known.includes(s))).toEqual([]);
  });
});
