import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_AUTH_AUDIENCE, DEFAULT_AUTH_ISSUER } from '@traininghubs/config';
import { developmentSigningKey, mintDevelopmentToken, type Caller } from '@traininghubs/auth';
import { findRepoRoot } from '@traininghubs/dev-infra';
import { testDatabaseUrl, testKafkaBrokers, uniqueName } from '@traininghubs/testing';
import { DOMAIN_SERVICES, GATEWAY } from './services';

// `npm start` as a newcomer runs it: the real runner, the compiled services (npm test builds
// first), the harness's Kafka broker and Postgres. Ports are offset so a developer's own running
// platform is not disturbed.
const root = findRepoRoot();
const OFFSET = 20_000 + Math.floor(Math.random() * 500) * 10;
const gatewayPort = GATEWAY.port + OFFSET;
const READY_WITHIN_MS = 120_000;
const STATE_DIR = mkdtempSync(join(tmpdir(), 'platform-state-'));
const state = () => JSON.parse(readFileSync(join(STATE_DIR, 'runner.json'), 'utf8')) as { runnerPid: number; services: Record<string, { pid?: number; ready: boolean; restarts: number }> };

interface RunningPlatform {
  runner: ChildProcessWithoutNullStreams;
  output: string[];
  pids: Map<string, number>;
  readyAfterMs: number;
}

function startPlatform(): Promise<RunningPlatform> {
  const startedAt = Date.now();
  // as `npm start` runs it after its build: the npm process, then the runner (npm test has built)
  const runner = spawn('npm', ['run', '--silent', 'platform'], {
    cwd: root,
    env: {
      ...process.env,
      PLATFORM_STATE_DIR: STATE_DIR,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      DATABASE_URL: testDatabaseUrl(),
      KAFKA_TOPIC_PREFIX: uniqueName('platform'),
      PLATFORM_PORT_OFFSET: String(OFFSET),
      LOG_LEVEL: 'warn',
    },
  });
  const output: string[] = [];
  const pids = new Map<string, number>();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform not ready within ${READY_WITHIN_MS} ms:\n${output.join('')}`)), READY_WITHIN_MS);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      for (const match of text.matchAll(/\[platform\] ([\w-]+) ready on \S+ \(pid (\d+)\)/g)) pids.set(match[1], Number(match[2]));
      if (text.includes('Training Hubs platform is ready')) {
        clearTimeout(timer);
        resolve({ runner, output, pids, readyAfterMs: Date.now() - startedAt });
      }
    };
    runner.stdout.on('data', onData);
    runner.stderr.on('data', (c: Buffer) => output.push(c.toString()));
    runner.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`platform runner exited with ${code} before it was ready:\n${output.join('')}`));
    });
  });
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start: the whole platform on one machine', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  }, READY_WITHIN_MS + 10_000);

  afterAll(() => {
    if (platform?.runner.exitCode === null) platform.runner.kill('SIGKILL');
  });

  it('brings all six services to ready, and the gateway reports each of them', async () => {
    expect(platform.pids.size).toBe(6);
    const response = await fetch(`http://127.0.0.1:${gatewayPort}/health/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { checks: Record<string, { status: string }> };
    for (const name of ['database', 'kafka', ...DOMAIN_SERVICES.map((s) => s.name)]) {
      expect(body.checks[name]?.status).toBe('up');
    }
  });

  it('serves liveness and Prometheus metrics on every service; records start-up time and idle memory', async () => {
    const memory: Record<string, number> = {};
    for (const service of [...DOMAIN_SERVICES, GATEWAY]) {
      const base = `http://127.0.0.1:${service.port + OFFSET}`;
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain(`service="${service.name}"`);
      const rss = /^process_resident_memory_bytes\{[^}]*\} (\d+)/m.exec(metrics);
      expect(rss).not.toBeNull();
      memory[service.name] = Math.round(Number(rss![1]) / 1024 / 1024);
    }
    const reportDir = join(root, 'reports');
    mkdirSync(reportDir, { recursive: true });
    writeFileSync(join(reportDir, 'platform-start.json'), JSON.stringify({ readyAfterMs: platform.readyAfterMs, idleRssMiB: memory }, null, 2));
    expect(platform.readyAfterMs).toBeLessThan(READY_WITHIN_MS);
  });

  it('routes reads and commands through the gateway, authenticated, to the owning service', async () => {
    const gateway = `http://127.0.0.1:${gatewayPort}`;
    const key = await developmentSigningKey();
    const tokenFor = (caller: Caller) => mintDevelopmentToken(caller, { key, issuer: DEFAULT_AUTH_ISSUER, audience: DEFAULT_AUTH_AUDIENCE });

    const anonymous = await fetch(`${gateway}/api/v1/regions`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');

    const national = await tokenFor({ subject: 'platform-test', role: 'national', scope: { kind: 'national' } });
    const regions = await fetch(`${gateway}/api/v1/regions`, { headers: { authorization: `Bearer ${national}`, 'x-correlation-id': 'platform-test-1' } });
    expect(regions.status).toBe(200);
    expect(regions.headers.get('x-correlation-id')).toBe('platform-test-1');
    const body = (await regions.json()) as { items: Array<{ odsCode?: string; code?: string }>; page: { total: number } };
    expect(body.page.total).toBe(7);

    const unknown = await fetch(`${gateway}/api/v1/no-such-resource`, { headers: { authorization: `Bearer ${national}` } });
    expect(unknown.status).toBe(404);

    const analyst = await tokenFor({ subject: 'analyst-test', role: 'analyst', scope: { kind: 'national' } });
    const write = await fetch(`${gateway}/api/v1/hubs`, { method: 'POST', headers: { authorization: `Bearer ${analyst}`, 'content-type': 'application/json' }, body: '{}' });
    expect(write.status).toBe(403);
  });

  it('restarts a service that dies, says why, and keeps the others serving', async () => {
    const before = state().services.placements.pid!;
    process.kill(before, 'SIGKILL');
    const hubRegistry = `http://127.0.0.1:${DOMAIN_SERVICES.find((s) => s.name === 'hub-registry')!.port + OFFSET}/health/ready`;
    let othersServed = 0;
    for (const deadline = Date.now() + 60_000; ; ) {
      if ((await fetch(hubRegistry)).status === 200) othersServed++;
      const now = state().services.placements;
      if (now.ready && now.pid !== undefined && now.pid !== before) break;
      if (Date.now() > deadline) throw new Error(`placements did not come back:\n${platform.output.join('')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(othersServed).toBeGreaterThan(0);
    expect(alive(before)).toBe(false);
    expect(state().services.placements.restarts).toBe(1);
    expect(platform.output.join('')).toMatch(/placements exited unexpectedly \(signal SIGKILL\); restarting it in 0s \(restart 1\)/);
    const placements = `http://127.0.0.1:${DOMAIN_SERVICES.find((s) => s.name === 'placements')!.port + OFFSET}`;
    expect((await fetch(`${placements}/health/ready`)).status).toBe(200);
  }, 90_000);

  it('restarts one service on request (npm run platform:restart -- <service>) while the others keep serving', async () => {
    const before = state().services['kpi-reporting'].pid!;
    const cli = spawn(process.execPath, [join(root, 'dist/tools/platform/src/restart-cli.js'), 'kpi-reporting'], { env: { ...process.env, PLATFORM_STATE_DIR: STATE_DIR } });
    let out = '';
    cli.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
    expect({ code, out }).toEqual({ code: 0, out: expect.stringMatching(/kpi-reporting is ready again on \S+ \(pid \d+\)/) });
    expect(state().services['kpi-reporting'].pid).not.toBe(before);
    expect(alive(before)).toBe(false);
    expect((await fetch(`http://127.0.0.1:${gatewayPort}/health/live`)).status).toBe(200);

    const wrong = spawn(process.execPath, [join(root, 'dist/tools/platform/src/restart-cli.js'), 'no-such-service'], { env: { ...process.env, PLATFORM_STATE_DIR: STATE_DIR } });
    expect(await new Promise<number | null>((resolve) => wrong.once('exit', resolve))).toBe(2);
  }, 120_000);

  it('stops everything it started on SIGTERM to the npm process and leaves no process behind', async () => {
    const pids = new Map([...platform.pids, ...Object.entries(state().services).map(([name, s]) => [name, s.pid!] as const)]);
    const exited = new Promise<number | null>((resolve) => platform.runner.once('exit', resolve));
    platform.runner.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const [name, pid] of pids) {
      expect({ name, alive: alive(pid) }).toEqual({ name, alive: false });
    }
    for (const service of [...DOMAIN_SERVICES, GATEWAY]) {
      expect(await portOpen(service.port + OFFSET)).toBe(false);
    }
  }, 60_000);
});

describe('a service with a bad environment', () => {
  it('stops at once with a message naming each bad variable', async () => {
    const child = spawn(process.execPath, [join(root, 'dist/services/placements/src/main.js')], {
      env: { PATH: process.env.PATH, KAFKA_BROKERS: 'localhost', PORT: 'eighty' },
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(78);
    expect(stderr).toContain('placements: invalid configuration');
    for (const variable of ['DATABASE_URL', 'KAFKA_BROKERS', 'PORT']) expect(stderr).toContain(`- ${variable}:`);
  });
});
