/**
 * Which service owns each public resource under /api/v1 (ARCHITECTURE.md §7). The gateway
 * forwards a request to the owner of its first path segment; aggregated reads (hub overview,
 * ICB dashboard) are the gateway's own and are matched before forwarding.
 */
export const RESOURCE_OWNERS: Readonly<Record<string, string>> = {
  regions: 'hub-registry',
  icbs: 'hub-registry',
  organisations: 'hub-registry',
  hubs: 'hub-registry',
  'find-hub': 'hub-registry',
  courses: 'training-catalogue',
  sessions: 'training-catalogue',
  learners: 'training-catalogue',
  'learning-environments': 'placements',
  supervisors: 'placements',
  'placement-capacity': 'placements',
  placements: 'placements',
  workforce: 'workforce-planning',
  kpis: 'kpi-reporting',
  'kpi-returns': 'kpi-reporting',
};

const API_PREFIX = '/api/v1/';

/** The service that owns the resource a request path names, or undefined if none does. */
export function owningService(path: string): string | undefined {
  if (!path.startsWith(API_PREFIX)) return undefined;
  const resource = path.slice(API_PREFIX.length).split(/[/?]/, 1)[0];
  return Object.prototype.hasOwnProperty.call(RESOURCE_OWNERS, resource) ? RESOURCE_OWNERS[resource] : undefined;
}
