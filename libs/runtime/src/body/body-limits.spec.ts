import { bodyLimitOf, bodyLimitsOf, IMPORT_ROUTE } from './body-limits';
import { MAX_JSON_DEPTH } from './json-depth';

const limits = { bodyLimitBytes: 1_048_576, importBodyLimitBytes: 26_214_400, maxJsonDepth: 32 };

describe('one body limit per route, the same in the gateway and every service', () => {
  it.each([
    '/api/v1/organisations/import?type=pcn',
    '/api/v1/organisations/import',
    '/api/v1/workforce/snapshot-imports',
    '/api/v1/workforce/snapshot-imports?snapshotDate=2025-09-30',
    '/api/v1/courses/delivered-session-imports',
  ])('%s takes the import limit', (path) => {
    expect(IMPORT_ROUTE.test(path)).toBe(true);
    expect(bodyLimitOf(path, limits)).toBe(26_214_400);
  });

  it.each(['/api/v1/courses', '/api/v1/import', '/api/v1/hubs/important', '/api/v1/organisations/importer', '/health/import', '/api/v1/courses?note=/x/import'])(
    '%s takes the ordinary limit',
    (path) => {
      expect(bodyLimitOf(path, limits)).toBe(1_048_576);
    },
  );

  it('reads both limits from the variables every application has, with the platform depth', () => {
    expect(bodyLimitsOf({ JSON_BODY_LIMIT_BYTES: 2_048, IMPORT_BODY_LIMIT_BYTES: 4_096 })).toEqual({ bodyLimitBytes: 2_048, importBodyLimitBytes: 4_096, maxJsonDepth: MAX_JSON_DEPTH });
    expect(bodyLimitsOf({ JSON_BODY_LIMIT_BYTES: 2_048, IMPORT_BODY_LIMIT_BYTES: 4_096 }, 8).maxJsonDepth).toBe(8);
  });
});
