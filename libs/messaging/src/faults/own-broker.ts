// A Kafka broker the broker-outage scenarios own: the workspace's local broker
// (libs/dev-infra startLocalKafkaBroker, through its command line, run as a child process so this
// data-access library does not import tooling), on free ports with a kept data directory, so it
// can be stopped and started again on the same ports with its topics and offsets.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGISTER } from './fault-harness';

const CLI = join(__dirname, '../../../dev-infra/src/cli/kafka-local.ts');

export interface OwnBroker {
  brokers: string[];
  /** Starts the broker (again); resolves when it is ready. */
  start(): Promise<void>;
  /** Stops the broker (SIGTERM; the data is kept). */
  stop(): Promise<void>;
  /** Stops it and removes its data. */
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function ownBroker(): Promise<OwnBroker> {
  const port = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port) controllerPort = await freePort();
  const root = mkdtempSync(join(tmpdir(), 'messaging-faults-kafka-'));
  const dataDir = join(root, 'data');
  let child: ChildProcessWithoutNullStreams | undefined;

  const start = async () => {
    if (child) return;
    const cli = spawn(process.execPath, ['-r', REGISTER, CLI, 'start', '--port', String(port), '--controller-port', String(controllerPort), '--data-dir', dataDir, '--keep-data', '--heap-mb', '384']);
    child = cli;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`own broker not ready in 120 s:\n${output.slice(-3_000)}`)), 120_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('KAFKA_BROKERS=')) {
          clearTimeout(timer);
          resolve();
        }
      };
      cli.stdout.on('data', onData);
      cli.stderr.on('data', onData);
      cli.once('close', (code) => {
        clearTimeout(timer);
        reject(new Error(`own broker exited (${code}):\n${output.slice(-3_000)}`));
      });
    });
  };

  const stop = async () => {
    const cli = child;
    child = undefined;
    if (!cli || cli.exitCode !== null) return;
    const closed = new Promise((resolve) => cli.once('close', resolve));
    cli.kill('SIGTERM');
    const timer = setTimeout(() => cli.kill('SIGKILL'), 30_000);
    await closed;
    clearTimeout(timer);
  };

  await start();
  return {
    brokers: [`127.0.0.1:${port}`],
    start,
    stop,
    close: async () => {
      await stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
