import request from 'supertest';
import type { Caller } from '@traininghubs/auth';
import { PlatformUnderTest } from '../../test/platform-under-test';

const PROBLEM_JSON = /^application\/problem\+json/;
const BODY_LIMIT = 64 * 1024;
const IMPORT_LIMIT = 1024 * 1024;
const RATE_LIMIT = 10;
const caller = (subject: string): Caller => ({ subject, role: 'national', scope: { kind: 'national' } });

describe('limits at the gateway: body size, page size, rate', () => {
  let platform: PlatformUnderTest;

  beforeAll(async () => {
    platform = await PlatformUnderTest.start({ BODY_LIMIT_BYTES: String(BODY_LIMIT), IMPORT_BODY_LIMIT_BYTES: String(IMPORT_LIMIT), RATE_LIMIT_MAX: String(RATE_LIMIT), RATE_LIMIT_WINDOW_MS: '60000' });
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
  });

  const post = async (path: string, body: string, contentType: string, as: Caller) =>
    request(platform.gateway.getHttpServer()).post(path).set('Authorization', `Bearer ${await platform.token(as)}`).set('Content-Type', contentType).send(body);

  it('refuses a JSON body over the limit with 413 problem+json before it reaches the service', async () => {
    const body = JSON.stringify({ title: 'x'.repeat(BODY_LIMIT) });
    const response = await post('/api/v1/courses', body, 'application/json', caller('body-1'));
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/body-too-large', status: 413, detail: `Send at most ${BODY_LIMIT} bytes to this route.` });
  });

  it('refuses an over-long body of any type (a CSV to an ordinary route) by its declared length', async () => {
    const csv = await post('/api/v1/courses', 'a,b\n'.repeat(BODY_LIMIT), 'text/csv', caller('body-2'));
    expect(csv.status).toBe(413);
    expect(csv.headers['content-type']).toMatch(PROBLEM_JSON);
  });

  it('lets an import through up to its own larger limit, and no further', async () => {
    const rows = Array.from({ length: 4_000 }, (_, i) => `U${String(10_000 + i)},Test PCN ${i},BA1 1AA,NOPE99,2025-04-01,`).join('\n');
    const file = `code,name,postcode,parent_code,open_date,close_date\n${rows}\n`;
    expect(file.length).toBeGreaterThan(BODY_LIMIT);
    const accepted = await post('/api/v1/organisations/import?type=pcn', file, 'text/csv', caller('body-3'));
    expect(accepted.status).not.toBe(413);
    expect(accepted.status).toBeLessThan(500);
    const tooLarge = await post('/api/v1/organisations/import?type=pcn', 'x'.repeat(IMPORT_LIMIT + 1), 'text/csv', caller('body-3'));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers['content-type']).toMatch(PROBLEM_JSON);
  });

  it('answers malformed JSON with 400 problem+json, not an HTML page', async () => {
    const response = await post('/api/v1/courses', '{"title": ', 'application/json', caller('body-4'));
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/malformed-body', status: 400 });
  });

  it('refuses a page larger than the maximum with 400 problem+json, on forwarded and aggregated reads', async () => {
    for (const path of ['/api/v1/courses?limit=201', '/api/v1/hubs?limit=100000', '/api/v1/placements?limit=0', '/api/v1/hubs/5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f/overview?sessions=51']) {
      const response = await platform.get(path, caller('page-1'));
      expect({ path, status: response.status, type: response.headers['content-type'] }).toEqual({ path, status: 400, type: expect.stringMatching(PROBLEM_JSON) });
    }
    expect((await platform.get('/api/v1/courses?limit=200', caller('page-2'))).status).toBe(200);
  });

  it('limits each caller to its own allowance with 429 problem+json and Retry-After; others and health checks are not affected', async () => {
    const busy = caller('busy-caller');
    for (let i = 0; i < RATE_LIMIT; i++) expect((await platform.get('/api/v1/regions', busy)).status).toBe(200);
    const limited = await platform.get('/api/v1/regions', busy);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/rate-limited', status: 429 });
    expect((await platform.get('/api/v1/hubs/5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f/overview', busy)).status).toBe(429);

    expect((await platform.get('/api/v1/regions', caller('quiet-caller'))).status).toBe(200);
    for (let i = 0; i < RATE_LIMIT + 5; i++) expect((await request(platform.gateway.getHttpServer()).get('/health/live')).status).toBe(200);
  });
});
