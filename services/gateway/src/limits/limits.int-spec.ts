import { connect } from 'node:net';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
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
    platform = await PlatformUnderTest.start({ JSON_BODY_LIMIT_BYTES: String(BODY_LIMIT), IMPORT_BODY_LIMIT_BYTES: String(IMPORT_LIMIT), RATE_LIMIT_MAX: String(RATE_LIMIT), RATE_LIMIT_WINDOW_MS: '60000' });
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

const PROBLEMS = 'https://traininghubs.nhs.uk/problems/';
const MiB = 1024 * 1024;

/** A JSON object nested `depth` deep: {"title":{"a":{"a":…1…}}}. */
const nestedJson = (depth: number) => `{"title":${'{"a":'.repeat(depth - 1)}1${'}'.repeat(depth)}`;

/** An organisation file of about `bytes` bytes in a few rows (long names; the parent is unknown, so nothing is saved). */
function organisationFile(bytes: number): string {
  const header = 'code,name,postcode,parent_code,open_date,close_date\n';
  const rows = 40;
  const pad = Math.floor((bytes - header.length) / rows) - 40;
  const body = Array.from({ length: rows }, (_, i) => `U${90_000 + i},PCN ${'x'.repeat(pad)},BA1 1AA,NOPE99,2025-04-01,`).join('\n');
  const file = `${header}${body}\n`;
  return file + ' '.repeat(Math.max(0, bytes - file.length - 1)) + '\n';
}

interface RawAnswer {
  statusLine: string;
  head: string;
  text: string;
  /** Milliseconds from sending the head to the server closing the connection (undefined: still open). */
  closedAfterMs?: number;
}

/** Sends bytes as they are on a raw socket (e.g. a request head alone); what comes back, and whether the server closes within `waitMs`. */
function sendRaw(app: INestApplication, bytes: string, waitMs = 5_000): Promise<RawAnswer> {
  const { port } = app.getHttpServer().address() as { port: number };
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let started = 0;
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      const [headText] = received.split('\r\n\r\n');
      resolve({ statusLine: headText.split('\r\n')[0], head: headText, text: received, closedAfterMs: closed ? Date.now() - started : undefined });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('connect', () => {
      started = Date.now();
      socket.write(bytes);
    });
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? finish(true) : reject(error)));
  });
}

describe('bodies: checked before anything parses them, one limit per route in the gateway and the services', () => {
  let platform: PlatformUnderTest;
  const national = caller('bodies-national');
  let token: string;

  beforeAll(async () => {
    platform = await PlatformUnderTest.start();
    token = await platform.token(national);
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
  });

  const gateway = () => platform.gateway.getHttpServer();
  const service = (name: 'hub-registry' | 'training-catalogue') => platform.services.get(name)!.app;
  const stillServing = async () => {
    expect((await request(gateway()).get('/health/live')).status).toBe(200);
    expect((await platform.get('/api/v1/regions', national)).status).toBe(200);
  };

  it('answers a JSON body nested 5,000 deep with 400 problem+json, and goes on serving', async () => {
    const response = await request(gateway()).post('/api/v1/courses').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(nestedJson(5_000));
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({ type: `${PROBLEMS}body-too-deep`, status: 400, maxDepth: 32 });
    await stillServing();
  });

  it('refuses a GET that carries a body (5,000 deep or not) with 400 body-not-allowed, and goes on serving', async () => {
    for (const body of [nestedJson(5_000), '{"a":1}']) {
      const response = await request(gateway()).get('/api/v1/courses').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ type: `${PROBLEMS}body-not-allowed`, status: 400 });
    }
    await stillServing();
  });

  it('refuses JSON 33 deep and forwards JSON 32 deep to the service, byte for byte', async () => {
    const tooDeep = await request(gateway()).post('/api/v1/courses').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(nestedJson(33));
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.type).toBe(`${PROBLEMS}body-too-deep`);

    const before = platform.requestsTo('training-catalogue').length;
    const body = nestedJson(32);
    const deepest = await request(gateway()).post('/api/v1/courses').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(body);
    // The service read it and judged the course itself (a title must be text): the depth was allowed.
    expect(deepest.status).toBe(400);
    expect(deepest.body.type).toBe(`${PROBLEMS}validation`);
    const forwarded = platform.requestsTo('training-catalogue').slice(before).find((head) => head.startsWith('POST /api/v1/courses '));
    expect(forwarded).toBeDefined();
    expect(forwarded).toMatch(new RegExp(`\\r\\ncontent-length: ${Buffer.byteLength(body)}(\\r\\n|$)`, 'i'));
  });

  it('forwards a chunked body as the same bytes with their length', async () => {
    const body = '{"title":5}';
    const before = platform.requestsTo('training-catalogue').length;
    const answer = await sendRaw(
      platform.gateway,
      `POST /api/v1/courses HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
        `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    );
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.text).toContain(`${PROBLEMS}validation`);
    const forwarded = platform.requestsTo('training-catalogue').slice(before).find((head) => head.startsWith('POST /api/v1/courses '));
    expect(forwarded).toMatch(/\r\ncontent-length: 11(\r\n|$)/i);
    expect(forwarded).not.toMatch(/transfer-encoding/i);
  });

  it('has a service refuse the same bodies itself, before parsing them: too deep, and on a GET', async () => {
    const direct = request(service('training-catalogue').getHttpServer());
    for (const depth of [33, 5_000]) {
      const response = await direct.post('/api/v1/courses').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(nestedJson(depth));
      expect({ depth, status: response.status, type: response.body.type }).toEqual({ depth, status: 400, type: `${PROBLEMS}body-too-deep` });
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    }
    const at32 = await direct.post('/api/v1/courses').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(nestedJson(32));
    expect(at32.body.type).toBe(`${PROBLEMS}validation`);
    const get = await direct.get('/api/v1/courses').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send('{"a":1}');
    expect(get.status).toBe(400);
    expect(get.body.type).toBe(`${PROBLEMS}body-not-allowed`);
    expect((await direct.get('/health/live')).status).toBe(200);
  });

  it.each(['gateway', 'hub-registry'] as const)('answers a declared length of 200 MiB with no body with 413 at once and closes the connection (%s)', async (target) => {
    const app = target === 'gateway' ? platform.gateway : service(target);
    const answer = await sendRaw(
      app,
      `POST /api/v1/hubs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${200 * MiB}\r\n\r\n`,
    );
    expect(answer.statusLine).toBe('HTTP/1.1 413 Payload Too Large');
    expect(answer.head).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    expect(answer.head).toMatch(/\r\nconnection: close/i);
    expect(answer.closedAfterMs).toBeDefined();
    expect(answer.closedAfterMs!).toBeLessThan(2_000);
  });

  it('accepts a 24.6 MiB organisation file through the gateway and straight at hub-registry alike, and refuses one over 25 MiB alike', async () => {
    const file = organisationFile(Math.round(24.6 * MiB));
    expect(file.length).toBe(Math.round(24.6 * MiB));
    const path = '/api/v1/organisations/import?type=pcn';
    const viaGateway = await request(gateway()).post(path).set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/csv').send(file);
    const direct = await request(service('hub-registry').getHttpServer()).post(path).set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/csv').send(file);
    for (const response of [viaGateway, direct]) {
      // The import's report (its type is the kind imported), not a problem.
      expect({ status: response.status, type: response.body.type }).toEqual({ status: 200, type: 'pcn' });
      expect(response.body.totalRows).toBeGreaterThanOrEqual(40);
    }

    const over = 'x'.repeat(25 * MiB + 1);
    const overViaGateway = await request(gateway()).post(path).set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/csv').send(over);
    const overDirect = await request(service('hub-registry').getHttpServer()).post(path).set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/csv').send(over);
    for (const response of [overViaGateway, overDirect]) {
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({ type: `${PROBLEMS}body-too-large`, detail: `Send at most ${25 * MiB} bytes to this route.` });
    }
  });
});
