import { DataSource } from 'typeorm';
import type { Caller } from '@traininghubs/auth';
import { RESOURCE_OWNERS } from '../routing/service-routes';
import { DOMAIN_SERVICES, PlatformUnderTest } from '../../test/platform-under-test';
import { pathOfHub, registerHub, seedHub, type SeededHub } from '../../test/seed';

/**
 * Broken object-level authorisation, tried on every command that names a record in its path
 * (read from the gateway's merged OpenAPI document, so a route added to any service is covered
 * without editing this test): a token of another ICB and a token of another hub send the
 * operation at hub A's own records, with a body built from the operation's schema. Each answer
 * is a refusal: 403/404, or 400/422 for an input refused on its own before the record was looked
 * at (a body the generator could not make valid); such a refusal must carry none of hub A's data.
 * Nothing changes in any service: no audit entry, no outbox event, hub A's records read the same.
 */
interface Operation {
  method: 'post' | 'put' | 'patch' | 'delete';
  path: string;
  requestSchema?: Schema;
}

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  minLength?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
}

/** Left out: a command whose effect outlives the request and is national-only anyway (checked below with the other national-only routes). */
const NOT_SENT = new Set(['post /api/v1/kpis/projections/rebuild']);
const REFUSALS = new Set([403, 404]);
/** Refused on the input alone, before the record was looked at: no change, and checked below to carry none of hub A's data. */
const INPUT_REFUSALS = new Set([400, 422]);

describe('object-level authorisation: every operation on a record × another ICB and another hub', () => {
  let platform: PlatformUnderTest;
  let hubA: SeededHub;
  let operations: Operation[];
  let schemas: Record<string, Schema>;
  let outsiders: Caller[];

  beforeAll(async () => {
    platform = await PlatformUnderTest.start({ RATE_LIMIT_MAX: '100000' });
    hubA = await seedHub(platform, 'Bath and North East Somerset, Swindon and Wiltshire Training Hub', 'QOX', 'Y58');
    const hubB = await registerHub(platform, 'North East London Training Hub', 'QMF');
    outsiders = [
      { subject: 'nel-icb', role: 'icb', scope: { kind: 'icb', code: 'QMF' } },
      { subject: 'nel-hub-admin', role: 'hub_admin', scope: { kind: 'hub', hubId: hubB.hubId } },
    ];
    const document = (await platform.get('/api/docs-json')).body as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
      components?: { schemas?: Record<string, Schema> };
    };
    schemas = document.components?.schemas ?? {};
    operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/') && path.includes('{') && Object.hasOwn(RESOURCE_OWNERS, path.split('/')[3]))
      .flatMap(([path, item]) =>
        // reads are the authorisation matrix's (authorization-matrix.int-spec.ts), which knows the public directory routes
        (['post', 'put', 'patch', 'delete'] as const)
          .filter((method) => item[method] && !NOT_SENT.has(`${method} ${path}`))
          .map((method) => ({ method, path, requestSchema: item[method]?.requestBody?.content?.['application/json']?.schema })),
      );
  }, 240_000);

  afterAll(async () => {
    await platform?.close();
  });

  /** A body the operation's schema accepts, as far as a small generator can: required fields with their example, first enum value or a value of their format. */
  function bodyOf(schema: Schema | undefined, depth = 0): unknown {
    if (!schema || depth > 6) return {};
    if (schema.$ref) return bodyOf(schemas[schema.$ref.split('/').pop() ?? ''], depth + 1);
    if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => bodyOf(s, depth + 1)));
    if (schema.example !== undefined) return schema.example;
    if (schema.enum?.length) return schema.enum[0];
    if (schema.type === 'array') return [bodyOf(schema.items, depth + 1)];
    if (schema.type === 'object' || schema.properties) {
      const out: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        if (name === 'hubId') out[name] = hubA.hubId;
        else if ((schema.required ?? []).includes(name) || property.example !== undefined) out[name] = bodyOf(property, depth + 1);
      }
      return out;
    }
    if (schema.type === 'integer' || schema.type === 'number') return Math.max(schema.minimum ?? 1, 1);
    if (schema.type === 'boolean') return true;
    if (schema.format === 'uuid') return hubA.learnerId;
    if (schema.format === 'date') return '2026-12-07';
    if (schema.format === 'date-time') return '2026-12-07T10:00:00Z';
    return 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
  }

  /** What a change anywhere would leave: audit entries and outbox events, per service, and hub A's records as national reads them. */
  async function footprint(): Promise<unknown> {
    const counts: Record<string, unknown> = {};
    for (const service of DOMAIN_SERVICES) {
      const dataSource = platform.services.get(service)!.app.get(DataSource);
      const [{ audit }] = await dataSource.query('SELECT count(*)::int AS audit FROM audit_event');
      const [{ outbox }] = await dataSource.query('SELECT coalesce(max(seq), 0)::text AS outbox FROM outbox');
      counts[service] = { audit, outbox };
    }
    const national: Caller = { subject: 'national', role: 'national', scope: { kind: 'national' } };
    for (const path of [`/api/v1/hubs/${hubA.hubId}`, `/api/v1/sessions/${hubA.sessionId}`, `/api/v1/placements/${hubA.placementId}`, `/api/v1/kpi-returns/${hubA.kpiReturnId}`]) {
      const body = (await platform.get(path, national)).body as Record<string, unknown>;
      counts[path] = { ...body, currentValues: undefined };
    }
    return counts;
  }

  it('covers every resource with operations on records, writes included', () => {
    const resources = new Set(operations.map((o) => o.path.split('/')[3]));
    for (const resource of ['hubs', 'courses', 'sessions', 'placements', 'learning-environments', 'kpi-returns', 'workforce']) {
      expect({ resource, covered: resources.has(resource) }).toEqual({ resource, covered: true });
    }
    expect(operations.length).toBeGreaterThanOrEqual(20);
  });

  it('refuses another ICB and another hub on every operation on hub A’s records, and nothing changes anywhere', async () => {
    const before = await footprint();
    const accepted: string[] = [];
    const tally = { refused: 0, invalidBody: 0 };
    const secrets = [hubA.courseTitle, hubA.contactEmail, hubA.learnerId, hubA.placementId, hubA.kpiReturnId, hubA.capacityId, hubA.learningEnvironmentId];
    for (const operation of operations) {
      const path = pathOfHub(operation.path, hubA);
      for (const caller of outsiders) {
        const body = operation.method === 'delete' ? undefined : bodyOf(operation.requestSchema);
        const response = await platform.send(operation.method, path, body, caller);
        // hub A's data the caller did not send itself (the ids in its own request are echoed back as the problem's instance)
        const sent = `${path} ${JSON.stringify(body ?? {})}`;
        const leaked = secrets.filter((secret) => !sent.includes(secret) && response.text.includes(secret));
        if (REFUSALS.has(response.status) && leaked.length === 0) tally.refused++;
        else if (INPUT_REFUSALS.has(response.status) && leaked.length === 0) tally.invalidBody++;
        else accepted.push(`${caller.subject} ${operation.method.toUpperCase()} ${operation.path} → ${response.status} ${leaked.join(' ')} ${JSON.stringify(response.body).slice(0, 160)}`);
      }
    }
    expect(accepted).toEqual([]);
    expect(await footprint()).toEqual(before);
    // the refusals are scope refusals, not a generator that never gets past validation
    expect(tally.refused).toBeGreaterThan(tally.invalidBody);
  }, 180_000);
});
