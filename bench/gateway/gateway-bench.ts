// Gateway benchmark: the five services and the gateway as separate processes (their TypeScript
// entry points, run as `npm start` runs the built ones), on fresh schemas in one Postgres and a
// fresh topic prefix on one Kafka broker (DATABASE_URL, KAFKA_BROKERS).
//   node -r ./libs/messaging/test/swc-register.js bench/gateway/gateway-bench.ts
// In one run, with autocannon:
// 1. the hub overview (GET /api/v1/hubs/{id}/overview through the gateway, five services in
//    parallel): latency p50/p99 at a fixed 500 requests/s, then its maximum throughput;
// 2. the same for a single direct service read (hub-registry GET /api/v1/hubs/{id}, no gateway).
// Prints a table and writes reports/bench-gateway.json. Sizes: BENCH_SECONDS (default 15),
// BENCH_CONNECTIONS (default 50), BENCH_RATE (default 500). BENCH_SECTIONS=1 adds the maximum
// throughput of each call the overview makes, straight to its service (where the time goes).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { guardProcess } from '@traininghubs/dev-infra';
import { developmentSigningKey, mintDevelopmentToken, type Caller } from '@traininghubs/auth';
import { DEFAULT_AUTH_AUDIENCE, DEFAULT_AUTH_ISSUER } from '@traininghubs/config';
import { KafkaConnection, loadTopicManifest, provisionTopics } from '@traininghubs/messaging';
import { provisionTestSchema, uniqueName, type TestServiceSchema } from '@traininghubs/testing';

interface AutocannonResult {
  latency: { p50: number; p99: number; average: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = require('autocannon') as Autocannon;

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const root = process.cwd();
const BASE_PORT = 41_000 + Math.floor(Math.random() * 500) * 10;
const SERVICES = [
  { name: 'hub-registry', urlVariable: 'HUB_REGISTRY_URL' },
  { name: 'training-catalogue', urlVariable: 'TRAINING_CATALOGUE_URL' },
  { name: 'placements', urlVariable: 'PLACEMENTS_URL' },
  { name: 'workforce-planning', urlVariable: 'WORKFORCE_PLANNING_URL' },
  { name: 'kpi-reporting', urlVariable: 'KPI_REPORTING_URL' },
];
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const national: Caller = { subject: 'bench-national', role: 'national', scope: { kind: 'national' } };

const children: ChildProcess[] = [];
const processes = new Map<string, ChildProcess>();

/** CPU seconds each service process has used so far (Linux /proc), to show where a read's time goes. */
function cpuSeconds(): Record<string, number> {
  const seconds: Record<string, number> = {};
  for (const [name, child] of processes) {
    try {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      seconds[name] = (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // not on Linux
    }
  }
  return seconds;
}
const schemas: TestServiceSchema[] = [];

function startService(name: string, port: number, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['-r', './libs/messaging/test/swc-register.js', `services/${name}/src/main.ts`], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), GATEWAY_PORT: String(port), NODE_ENV: 'development', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (c: Buffer) => (errors = (errors + c.toString()).slice(-4000)));
  child.once('exit', (code) => code !== null && code !== 0 && log(`${name} exited with ${code}:\n${errors}`));
  // however this benchmark ends (a failure, Ctrl-C, SIGKILL), the service does not outlive it
  if (child.pid !== undefined) guardProcess(child.pid, { marker: `services/${name}/src/main.ts`, graceMs: 10_000 });
  children.push(child);
  processes.set(name, child);
  return child;
}

async function waitReady(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) })).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms`);
}

async function call(url: string, token: string, method = 'GET', body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function seed(gateway: string, token: string): Promise<string> {
  const hub = await call(`${gateway}/api/v1/hubs`, token, 'POST', { name: 'Bath and North East Somerset, Swindon and Wiltshire Training Hub', level: 'ics', icbCode: 'QOX', activeFrom: '2025-04-01' });
  if (hub.status !== 201) throw new Error(`hub: ${hub.status} ${JSON.stringify(hub.body)}`);
  const hubId = hub.body.id as string;
  await call(`${gateway}/api/v1/hubs/${hubId}/contacts`, token, 'PUT', { contacts: [{ role: 'placements_lead', displayName: 'Placements team', email: 'bswth.placements@nhs.net' }] });
  // The other services hear of the hub through Kafka; the overview is complete once all have.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const course = await call(`${gateway}/api/v1/courses`, token, 'POST', {
      hubId,
      title: 'Clinical supervisor training for ARRS roles',
      description: 'Two half-days on supervising pharmacists, paramedics and physician associates.',
      format: 'PROGRAMME',
      kpiArea: 'EDUCATIONAL_DESIGN',
      providerName: 'BSW Training Hub',
      providerType: 'TRAINING_HUB',
      deliveryMode: 'IN_PERSON',
      fundingSource: 'Training hub education budget',
    });
    if (course.status === 201) {
      const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      await call(`${gateway}/api/v1/courses/${course.body.courseId}/sessions`, token, 'POST', { startsAt: `${day}T09:30`, endsAt: `${day}T12:30`, venue: 'Devizes Corn Exchange', capacity: 20 });
      break;
    }
    if (Date.now() > deadline) throw new Error(`course: ${course.status} ${JSON.stringify(course.body)}`);
    await sleep(250);
  }
  for (;;) {
    const overview = await call(`${gateway}/api/v1/hubs/${hubId}/overview`, token);
    if (overview.status === 200 && overview.body.complete === true) return hubId;
    if (Date.now() > deadline) throw new Error(`overview never complete: ${JSON.stringify(overview.body).slice(0, 500)}`);
    await sleep(250);
  }
}

interface Measured {
  read: string;
  mode: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  incomplete?: number;
  /** CPU milliseconds per request, by process. */
  cpuMsPerRequest?: Record<string, number>;
}

async function measure(read: string, url: string, token: string, rate: number | undefined): Promise<Measured> {
  let incomplete = 0;
  const cpuBefore = cpuSeconds();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    ...(rate ? { overallRate: rate } : {}),
    headers: { authorization: `Bearer ${token}` },
    requests: [{ onResponse: (_status: number, body: string) => (read === 'hub overview' && !body.includes('"complete":true') ? incomplete++ : undefined) }],
  });
  const measured: Measured = {
    read,
    mode: rate ? `fixed ${rate}/s` : 'max throughput',
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    ...(read === 'hub overview' ? { incomplete } : {}),
  };
  const cpuAfter = cpuSeconds();
  if (result.requests.total > 0 && Object.keys(cpuAfter).length) {
    measured.cpuMsPerRequest = Object.fromEntries(Object.entries(cpuAfter).map(([name, s]) => [name, Math.round(((s - (cpuBefore[name] ?? 0)) * 1000 * 100) / result.requests.total) / 100]));
  }
  log(JSON.stringify(measured));
  return measured;
}

async function main(): Promise<void> {
  const prefix = uniqueName('bench_gw');
  const connection = new KafkaConnection({ brokers: brokers.split(','), clientId: 'gateway-bench', topicPrefix: prefix });
  await provisionTopics(connection, loadTopicManifest());
  await connection.close();
  const key = await developmentSigningKey(mkdtempSync(join(tmpdir(), 'gateway-bench-key-')));
  const common = { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix, AUTH_LOCAL_PUBLIC_JWK: JSON.stringify(key.publicJwk) };

  log('starting the five services and the gateway as processes…');
  const urls: Record<string, string> = {};
  await Promise.all(
    SERVICES.map(async (service, i) => {
      const schema = await provisionTestSchema(service.name);
      schemas.push(schema);
      const port = BASE_PORT + i + 1;
      startService(service.name, port, { ...common, DATABASE_URL: schema.url, DATABASE_SCHEMA: schema.schema });
      urls[service.urlVariable] = `http://127.0.0.1:${port}`;
      await waitReady(urls[service.urlVariable]);
    }),
  );
  const gatewaySchema = await provisionTestSchema('gateway');
  schemas.push(gatewaySchema);
  const gateway = `http://127.0.0.1:${BASE_PORT}`;
  startService('gateway', BASE_PORT, { ...common, ...urls, DATABASE_URL: gatewaySchema.url, DATABASE_SCHEMA: gatewaySchema.schema, RATE_LIMIT_MAX: '1000000' });
  await waitReady(gateway);

  const token = await mintDevelopmentToken(national, { key, issuer: DEFAULT_AUTH_ISSUER, audience: DEFAULT_AUTH_AUDIENCE });
  const hubId = await seed(gateway, token);
  log(`seeded hub ${hubId}; warming up`);
  const overview = `${gateway}/api/v1/hubs/${hubId}/overview`;
  const direct = `${urls.HUB_REGISTRY_URL}/api/v1/hubs/${hubId}`;
  await autocannon({ url: overview, connections: 10, duration: 3, headers: { authorization: `Bearer ${token}` } });
  await autocannon({ url: direct, connections: 10, duration: 3, headers: { authorization: `Bearer ${token}` } });

  const rows = [
    await measure('hub overview', overview, token, RATE),
    await measure('direct hub read', direct, token, RATE),
    await measure('hub overview', overview, token, undefined),
    await measure('direct hub read', direct, token, undefined),
  ];

  if (process.env.BENCH_SECTIONS === '1') {
    // Each call the overview makes, straight to its service: where the overview's time goes.
    const day = new Date().toISOString().slice(0, 10);
    const sections: Array<[string, string]> = [
      ['sessions (catalogue)', `${urls.TRAINING_CATALOGUE_URL}/api/v1/sessions?hubId=${hubId}&limit=10`],
      ['capacity (placements)', `${urls.PLACEMENTS_URL}/api/v1/placement-capacity/summary?hubId=${hubId}&onOrAfter=${day}`],
      ['workforce summary', `${urls.WORKFORCE_PLANNING_URL}/api/v1/workforce/summary?hubId=${hubId}`],
      ['kpis (kpi-reporting)', `${urls.KPI_REPORTING_URL}/api/v1/kpis?scope=hub:${hubId}&period=2026-27-H2`],
    ];
    for (const [name, url] of sections) rows.push(await measure(name, url, token, undefined));
  }

  const header = ['read', 'mode', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'incomplete'];
  const table = [header, ...rows.map((r) => [r.read, r.mode, String(r.requestsPerSecond), String(r.p50Ms), String(r.p99Ms), String(r.non2xx), String(r.errors), r.incomplete === undefined ? '-' : String(r.incomplete)])];
  const widths = header.map((_, c) => Math.max(...table.map((row) => row[c].length)));
  process.stdout.write(`\nGateway benchmark (${SECONDS} s per row, ${CONNECTIONS} connections, ${new Date().toISOString()})\n`);
  for (const row of table) process.stdout.write(`${row.map((cell, c) => cell.padEnd(widths[c])).join(' | ')}\n`);
  mkdirSync(join(root, 'reports'), { recursive: true });
  writeFileSync(join(root, 'reports', 'bench-gateway.json'), `${JSON.stringify({ seconds: SECONDS, connections: CONNECTIONS, rate: RATE, rows }, null, 2)}\n`);
}

async function cleanUp(): Promise<void> {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
  await Promise.allSettled(schemas.map((s) => s.drop()));
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

main()
  .then(cleanUp, async (error: unknown) => {
    log(`failed: ${error instanceof Error ? error.stack : String(error)}`);
    await cleanUp();
    process.exitCode = 1;
  })
  .finally(() => setTimeout(() => process.exit(), 1_000).unref());
