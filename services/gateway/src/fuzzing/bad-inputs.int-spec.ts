import fc from 'fast-check';
import request from 'supertest';
import type { Caller } from '@traininghubs/auth';
import { RESOURCE_OWNERS } from '../routing/service-routes';
import { PlatformUnderTest } from '../../test/platform-under-test';
import { registerHub } from '../../test/seed';

/**
 * Generated bad inputs against every route the gateway serves (read from its OpenAPI document):
 * odd path parameters, query strings and JSON bodies. Whatever comes in, no answer is a server
 * error, and every refusal is application/problem+json. Runs per route are bounded (FUZZ_RUNS,
 * default 25) so the suite stays well under a minute.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const national: Caller = { subject: 'fuzzing-national', role: 'national', scope: { kind: 'national' } };
const WRITES = new Set(['post', 'put', 'patch', 'delete']);
/**
 * Left out: a command with no input to fuzz whose effect outlives the request (a KPI rebuild
 * replays every topic from offset zero in the background).
 */
const NOT_FUZZED = new Set(['post /api/v1/kpis/projections/rebuild']);

const oddText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '..', '%', '%00', '-1', '0', '1e309', 'NaN', 'null', 'true', '[]', '{}', "' OR 1=1 --", '<script>', 'x'.repeat(3000), '00000000-0000-0000-0000-000000000000', '2025-02-30', '9999-99-99', 'QOX', 'Y58', 'national', 'hub:not-a-uuid'),
  fc.uuid(),
  fc.integer().map(String),
);
const knownKeys = fc.constantFrom('limit', 'offset', 'hubId', 'icb', 'icbCode', 'region', 'period', 'scope', 'asOf', 'from', 'to', 'type', 'status', 'sessions', 'financialYear', 'by', 'practice', 'pcn', 'postcodeDistrict', 'history', 'onOrAfter', 'learnerType', 'state');
const queryString = fc.array(fc.tuple(fc.oneof(knownKeys, fc.string({ minLength: 1, maxLength: 10 })), oddText), { maxLength: 4 }).map((pairs) => new URLSearchParams(pairs).toString());
const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.oneof(fc.constantFrom('hubId', 'name', 'level', 'icbCode', 'places', 'period', 'contacts', 'learnerType', 'startsAt', 'capacity', '__proto__', 'constructor'), fc.string({ maxLength: 8 })), fc.oneof(oddText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(oddText, { maxLength: 3 }))),
);
const rawBody = fc.oneof(fc.constantFrom('{', '{"a":', 'null', '"', '[1,2', '\u0000'), fc.string({ maxLength: 30 }));

interface Operation {
  method: string;
  path: string;
}

describe('generated bad inputs against every route', () => {
  let platform: PlatformUnderTest;
  let token: string;
  let operations: Operation[];

  beforeAll(async () => {
    platform = await PlatformUnderTest.start({ RATE_LIMIT_MAX: '1000000' });
    await registerHub(platform, 'Bath and North East Somerset, Swindon and Wiltshire Training Hub', 'QOX');
    token = await platform.token(national);
    const document = (await request(platform.gateway.getHttpServer()).get('/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/') && Object.hasOwn(RESOURCE_OWNERS, path.split('/')[3]))
      .flatMap(([path, item]) => Object.keys(item).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((method) => ({ method, path })))
      .filter((o) => !NOT_FUZZED.has(`${o.method} ${o.path}`));
  }, 180_000);

  afterAll(async () => {
    await platform?.close();
  });

  it('covers every resource the gateway routes', () => {
    const resources = new Set(operations.map((o) => o.path.split('/')[3]));
    expect(Object.keys(RESOURCE_OWNERS).filter((r) => !resources.has(r))).toEqual([]);
  });

  it('declares every id taken as a query parameter format: uuid', async () => {
    type Parameter = { name: string; in: string; schema?: { format?: string; type?: string; items?: { format?: string } } };
    const document = (await request(platform.gateway.getHttpServer()).get('/api/docs-json')).body as { paths: Record<string, Record<string, { parameters?: Parameter[] }>> };
    const ids = operations.flatMap(({ method, path }) =>
      (document.paths[path][method].parameters ?? []).filter((p) => p.in === 'query' && /^(id|\w+Id)s?$/.test(p.name)).map((p) => ({ method, path, parameter: p })),
    );
    expect(ids.length).toBeGreaterThan(0);
    const format = (p: Parameter) => p.schema?.format ?? p.schema?.items?.format;
    expect(ids.filter((i) => format(i.parameter) !== 'uuid').map((i) => `${i.method} ${i.path} ?${i.parameter.name}`)).toEqual([]);
  });

  it('declares every code in a path with its pattern, and answers a code that is not one with 400 problem+json', async () => {
    type Parameter = { name: string; in: string; schema?: { pattern?: string } };
    const document = (await request(platform.gateway.getHttpServer()).get('/api/docs-json')).body as { paths: Record<string, Record<string, { parameters?: Parameter[] }>> };
    const codes = operations.flatMap(({ method, path }) =>
      (document.paths[path][method].parameters ?? []).filter((p) => p.in === 'path' && /^(code|\w+Code)$/.test(p.name)).map((p) => ({ method, path, parameter: p })),
    );
    expect(codes.map((c) => c.parameter.name)).toEqual(expect.arrayContaining(['odsCode', 'code']));
    expect(codes.filter((c) => !c.parameter.schema?.pattern).map((c) => `${c.method} ${c.path} {${c.parameter.name}}`)).toEqual([]);
    for (const { method, path, parameter } of codes) {
      const response = await request(platform.gateway.getHttpServer())[method as 'get'](path.replace(`{${parameter.name}}`, encodeURIComponent("' OR '1'='1"))).set('Authorization', `Bearer ${token}`);
      expect(`${path} → ${response.status} ${response.headers['content-type']}`).toMatch(/→ 400 application\/problem\+json/);
    }
  });

  it('declares every id in a path format: uuid, and answers an id that is not one with 400 problem+json (403 where the role may not use the route at all)', async () => {
    type Parameter = { name: string; in: string; schema?: { format?: string } };
    const document = (await request(platform.gateway.getHttpServer()).get('/api/docs-json')).body as { paths: Record<string, Record<string, { parameters?: Parameter[] }>> };
    const undeclared: string[] = [];
    const accepted: string[] = [];
    let checked = 0;
    for (const { method, path } of operations) {
      const ids = (document.paths[path][method].parameters ?? []).filter((p) => p.in === 'path' && /^(id|\w+Id)$/.test(p.name));
      for (const id of ids) if (id.schema?.format !== 'uuid') undeclared.push(`${method.toUpperCase()} ${path} {${id.name}}`);
      if (ids.length === 0) continue;
      checked++;
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => (ids.some((p) => p.name === name) ? "1' OR '1'='1" : '00000000-0000-4000-8000-000000000000'));
      let call = request(platform.gateway.getHttpServer())[method as 'get'](url).set('Authorization', `Bearer ${token}`);
      if (WRITES.has(method)) call = call.set('Content-Type', 'application/json').send('{}');
      const response = await call;
      // A route the national role may not use at all (a hub's own return submission) refuses before it reads the id.
      if (![400, 403].includes(response.status) || !/^application\/problem\+json/.test(response.headers['content-type'] ?? '')) accepted.push(`${method.toUpperCase()} ${url} → ${response.status}`);
    }
    expect(undeclared).toEqual([]);
    expect(accepted).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });

  it('never answers a bad input with a server error, and refuses with problem+json', async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const operation of operations) {
      const input = fc.record({
        params: fc.array(oddText, { minLength: 4, maxLength: 4 }),
        query: queryString,
        body: fc.oneof(jsonBody.map((b) => ({ json: b })), rawBody.map((raw) => ({ raw }))),
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ params, query, body }) => {
          let n = 0;
          const path = operation.path.replace(/\{\w+\}/g, () => encodeURIComponent(params[n++ % params.length]));
          const url = query ? `${path}?${query}` : path;
          let call = request(platform.gateway.getHttpServer())[operation.method as 'get'](url).set('Authorization', `Bearer ${token}`);
          if (WRITES.has(operation.method)) call = call.set('Content-Type', 'application/json').send('json' in body ? JSON.stringify(body.json) : body.raw);
          const response = await call;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const problemJson = /^application\/problem\+json/.test(response.headers['content-type'] ?? '');
          const ok = response.status < 500 && (response.status < 400 || problemJson);
          if (!ok) failures.push(`${operation.method.toUpperCase()} ${url} → ${response.status} ${response.headers['content-type']} ${response.text.slice(0, 200)}`);
          return ok;
        }),
        { numRuns: RUNS, endOnFailure: true },
      ).catch((error: Error) => failures.push(`${operation.method.toUpperCase()} ${operation.path}: ${String((error as { cause?: unknown }).cause ?? error.message.slice(-300))}`));
    }
    expect(failures).toEqual([]);
    // The inputs reach the services' validation, not only the gateway's front door.
    expect(statuses.get(400)).toBeGreaterThan(operations.length);
    process.stderr.write(`[fuzz] ${operations.length} operations × ${RUNS} runs; statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`);
  }, 120_000);
});
