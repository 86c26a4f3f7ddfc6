import { IMPORT_ROUTE } from './body-limits';

describe('routes that take file imports (the larger body limit)', () => {
  it.each(['/api/v1/organisations/import?type=pcn', '/api/v1/organisations/import', '/api/v1/workforce/snapshot-imports', '/api/v1/workforce/snapshot-imports?snapshotDate=2025-09-30'])(
    '%s is an import',
    (path) => expect(IMPORT_ROUTE.test(path)).toBe(true),
  );

  it.each(['/api/v1/courses', '/api/v1/import', '/api/v1/hubs/important', '/api/v1/organisations/importer', '/health/import', '/api/v1/courses?note=/x/import'])('%s is not', (path) => {
    expect(IMPORT_ROUTE.test(path)).toBe(false);
  });
});
